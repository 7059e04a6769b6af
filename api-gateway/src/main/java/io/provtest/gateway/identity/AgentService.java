package io.provtest.gateway.identity;

import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.SipAllowedHosts;
import io.provtest.common.address.SipUri;
import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.model.Address;
import io.provtest.common.model.AgentDialPlan;
import io.provtest.common.model.Destinations;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.Permission;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Agents: a super-admin manages any customer's; a CustomerAdmin manages its own customer's, can never grant a
 * project bit, and can never touch an agent that holds one (that would be a way up to super-admin). An agent's
 * sip addresses are checked as sip destinations are: the form at write time, and a host that is a refused address
 * literal is 400 DESTINATION_NOT_ALLOWED.
 */
@Singleton
public class AgentService {

    public record AgentInput(UUID customerId, String username, String password, String name, String detail,
                             Integer permission, List<Address> addresses, String ringMethod) {
    }

    private final Jdbc jdbc;
    private final AgentRepository agents;
    private final CustomerRepository customers;
    private final IdentityStore identities;
    private final AllowList sipHosts;

    public AgentService(DataSource dataSource, AgentRepository agents, CustomerRepository customers,
                        IdentityStore identities, SipAllowedHosts sipAllowedHosts) {
        this.sipHosts = sipAllowedHosts.allowList();
        this.jdbc = new Jdbc(dataSource);
        this.agents = agents;
        this.customers = customers;
        this.identities = identities;
    }

    public Agent create(Caller caller, AgentInput input) {
        requireAgentAdmin(caller);
        UUID customerId = input == null || input.customerId() == null ? caller.customerId() : input.customerId();
        if (!caller.may(customerId, Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        Validation v = new Validation();
        AgentRepository.Fields fields = fields(v, caller, input, null);
        v.throwIfInvalid("INVALID_ARGUMENT");
        refuseNotAllowedAddresses(fields.addresses());
        return jdbc.inTransaction(c -> {
            if (customers.find(c, customerId).filter(cu -> cu.tmDelete() == null).isEmpty()) {
                throw ServiceException.notFound("CUSTOMER_NOT_FOUND", "The customer was not found.");
            }
            ensureUsernameFree(c, fields.username(), Ids.NIL);
            return agents.insert(c, Ids.random(), customerId, fields, Times.now());
        });
    }

    public Agent get(Caller caller, UUID id) {
        requireAgentAdmin(caller);
        Agent agent = jdbc.read(c -> agents.find(c, id)).map(AgentRepository.Row::agent).orElseThrow(AgentService::notFound);
        if (!caller.may(agent.customerId(), Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        return agent;
    }

    /** The caller's own agent record, whatever its permission. */
    public Agent self(Caller caller) {
        return jdbc.read(c -> agents.find(c, caller.agentId())).map(AgentRepository.Row::agent)
                .orElseThrow(AgentService::notFound);
    }

    /** A super-admin sees every customer's agents; anyone else its own customer's. */
    public Page<Agent> list(Caller caller, String pageToken, int pageSize) {
        requireAgentAdmin(caller);
        PageToken after = PageToken.decode(pageToken);
        UUID scope = caller.isSuperAdmin() ? null : caller.customerId();
        return Page.of(jdbc.read(c -> agents.listLive(c, scope, after, pageSize)), pageSize, Agent::tmCreate, Agent::id);
    }

    /** Full replace; a missing password keeps the current one. */
    public Agent update(Caller caller, UUID id, AgentInput input) {
        requireAgentAdmin(caller);
        Agent updated = jdbc.inTransaction(c -> {
            AgentRepository.Row current = agents.find(c, id).orElseThrow(AgentService::notFound);
            checkManageable(caller, current.agent());
            if (current.agent().tmDelete() != null) {
                throw notFound();
            }
            Validation v = new Validation();
            AgentRepository.Fields fields = fields(v, caller, input, current.passwordHash());
            v.throwIfInvalid("INVALID_ARGUMENT");
            refuseNotAllowedAddresses(fields.addresses());
            ensureUsernameFree(c, fields.username(), id);
            return agents.update(c, id, fields, Times.now()).orElseThrow(AgentService::notFound);
        });
        identities.invalidate();
        return updated;
    }

    public Agent delete(Caller caller, UUID id) {
        requireAgentAdmin(caller);
        Agent deleted = jdbc.inTransaction(c -> {
            Agent current = agents.find(c, id).map(AgentRepository.Row::agent).orElseThrow(AgentService::notFound);
            checkManageable(caller, current);
            if (current.id().equals(caller.agentId())) {
                throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "CANNOT_DELETE_SELF",
                        "An agent cannot delete itself.");
            }
            return agents.softDelete(c, id, Times.now()).orElse(current);
        });
        identities.invalidate();
        return deleted;
    }

    /**
     * The addresses call-manager rings for an agent destination. Served on the backbone only (services are trusted;
     * call-manager itself checks that the agent belongs to the call's customer).
     */
    public AgentDialPlan dialPlan(UUID id) {
        Agent agent = jdbc.read(c -> agents.find(c, id)).map(AgentRepository.Row::agent).orElseThrow(AgentService::notFound);
        return new AgentDialPlan(agent.id(), agent.customerId(), agent.addresses(), agent.ringMethod(),
                agent.tmDelete() != null);
    }

    private static void requireAgentAdmin(Caller caller) {
        if (!caller.isSuperAdmin() && (caller.permission() & Permission.CUSTOMER_ADMIN) == 0) {
            throw ServiceException.forbidden();
        }
    }

    private static void checkManageable(Caller caller, Agent agent) {
        if (!caller.may(agent.customerId(), Permission.CUSTOMER_ADMIN)
                || (!caller.isSuperAdmin() && (agent.permission() & Permission.PROJECT_ALL) != 0)) {
            throw ServiceException.forbidden();
        }
    }

    private void ensureUsernameFree(Connection c, String username, UUID exceptId) throws SQLException {
        if (agents.usernameTaken(c, username, exceptId)) {
            throw new ServiceException(ErrorStatus.ALREADY_EXISTS, "USERNAME_TAKEN", "That username is already in use.");
        }
    }

    private static AgentRepository.Fields fields(Validation v, Caller caller, AgentInput input, String currentHash) {
        if (input == null) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body is missing.");
        }
        IdentityRules.username(v, input.username());
        IdentityRules.password(v, input.password(), currentHash == null);
        String name = IdentityRules.text(v, "name", input.name(), 255);
        String detail = IdentityRules.text(v, "detail", input.detail(), 2048);
        int permission = input.permission() == null ? Permission.CUSTOMER_AGENT : input.permission();
        if (!Permission.isValid(permission)) {
            v.reject("permission", "unknown permission bits");
        } else if ((permission & Permission.PROJECT_ALL) != 0 && !caller.isSuperAdmin()) {
            throw ServiceException.forbidden();
        }
        String ringMethod = input.ringMethod() == null || input.ringMethod().isEmpty() ? "ring_all" : input.ringMethod();
        if (!IdentityRules.RING_METHODS.contains(ringMethod)) {
            v.reject("ring_method", "must be ring_all or linear");
        }
        List<Address> addresses = input.addresses() == null ? List.of() : input.addresses();
        if (addresses.size() > 20) {
            v.reject("addresses", "at most 20 addresses");
        }
        for (int i = 0; i < addresses.size(); i++) {
            Address address = addresses.get(i);
            // sip addresses are rung straight at their host: their form is checked as for a destination
            if (address != null && "sip".equals(address.type())) {
                Destinations.Problem problem = Destinations.problem(address);
                if (problem != null) {
                    v.reject("addresses[" + i + "]." + problem.part(), problem.reason());
                }
            }
        }
        String hash = input.password() == null ? currentHash
                : v.ok() ? BcryptUtil.bcryptHash(input.password()) : "";
        return new AgentRepository.Fields(input.username(), hash, name, detail, permission, addresses, ringMethod);
    }

    /**
     * An agent's sip address whose host is an address literal in a refused range is 400 DESTINATION_NOT_ALLOWED
     * unless SIP_ALLOWED_HOSTS names it; a name is resolved and judged by call-manager before it is dialed.
     */
    private void refuseNotAllowedAddresses(List<Address> addresses) {
        Validation refused = new Validation();
        for (int i = 0; i < addresses.size(); i++) {
            Address address = addresses.get(i);
            if (address == null || !"sip".equals(address.type())) {
                continue;
            }
            SipUri uri = SipUri.parse(address.target());
            AddressRules.Verdict verdict = AddressRules.literal(uri.host(), AddressRules.SIP_DEFAULT_PORT, sipHosts);
            if (!verdict.allowed()) {
                refused.reject("addresses[" + i + "].target",
                        AddressRules.literalMessage(uri.host(), verdict, "SIP_ALLOWED_HOSTS"));
            }
        }
        refused.throwIfInvalid(AddressRules.NOT_ALLOWED);
    }

    static ServiceException notFound() {
        return ServiceException.notFound("AGENT_NOT_FOUND", "The agent was not found.");
    }
}
