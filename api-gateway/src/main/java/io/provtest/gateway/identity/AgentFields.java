package io.provtest.gateway.identity;

import io.provtest.common.model.Address;
import java.util.List;

/** An agent's validated, editable fields; {@code passwordHash} is null when the password is left unchanged. */
record AgentFields(String username, String passwordHash, String name, String detail, int permission,
                   List<Address> addresses, String ringMethod) {
}
