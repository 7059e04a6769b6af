package io.provtest.gateway.identity;

import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.SipAllowedHosts;
import io.provtest.common.address.SipUri;
import io.provtest.common.db.Db;
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
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Agents: a super-admin manages any customer's; a CustomerAdmin manages its own customer's, can never grant a
 * project bit, and can never touch an agent that holds one (that would be a way up to super-admin). An agent's
 * sip addresses are checked as sip destinations are: the form at write time, and a host that is a refused address
 * literal is 400 DESTINATION_NOT_ALLOWED.
 */
@Singleton
public class AgentService {

    public record AgentInput(UUID customerId, @Size(max = 128) String username, String password,
                             @Size(max = 255, message = "must be at most 255 characters") String name, @Size(max = 2048, message = "must be at most 2048 characters") String detail,
                             Integer permission, @Size(max = 20, message = "at most 20 addresses") List<Address> addresses,
                             @Size(max = 32) String ringMethod) {
    }

    public record PasswordInput(String password) {
    }

    public record PermissionInput(Integer permission) {
    }

    private final AgentRepository agents;
    private final CustomerRepository customers;
    private final IdentityStore identities;
    private final AllowList sipHosts;

    public AgentService(AgentRepository agents, CustomerRepository customers, IdentityStore identities,
                        SipAllowedHosts sipAllowedHosts) {
        this.sipHosts = sipAllowedHosts.allowList();
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
        AgentFields fields = fields(caller, input, true);
        refuseNotAllowedAddresses(fields.addresses());
        return Db.transaction(() -> customers.findById(customerId)
                .invoke(customer -> {
                    if (customer == null || customer.tmDelete != null) {
                        throw ServiceException.notFound("CUSTOMER_NOT_FOUND", "The customer was not found.");
                    }
                })
                .chain(() -> ensureUsernameFree(fields.username(), Ids.NIL))
                .chain(() -> agents.persistAndFlush(AgentEntity.create(Ids.random(), customerId, fields, Times.now()))))
                .toAgent();
    }

    public Agent get(Caller caller, UUID id) {
        requireAgentAdmin(caller);
        AgentEntity agent = found(Db.read(() -> agents.findById(id)));
        if (!caller.may(agent.customerId, Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        return agent.toAgent();
    }

    /** The caller's own agent record, whatever its permission. */
    public Agent self(Caller caller) {
        return found(Db.read(() -> agents.findById(caller.agentId()))).toAgent();
    }

    /** A super-admin sees every customer's agents; anyone else its own customer's. */
    public Page<Agent> list(Caller caller, String pageToken, int pageSize) {
        requireAgentAdmin(caller);
        PageToken after = PageToken.decode(pageToken);
        UUID scope = caller.isSuperAdmin() ? null : caller.customerId();
        List<Agent> rows = Db.read(() -> agents.listLive(scope, after, pageSize))
                .stream().map(AgentEntity::toAgent).toList();
        return Page.of(rows, pageSize, Agent::tmCreate, Agent::id);
    }

    /**
     * Full replace; a missing password keeps the current one. Whether the caller may touch the agent is decided on
     * the stored row before the body is looked at (404/403 before 400). The new password is hashed here, on the
     * caller's thread: bcrypt is slow on purpose and must not run inside the reactive chain (an event loop). The
     * write then re-checks on the row locked for the transaction, so a change made meanwhile is not overwritten
     * blindly (a deleted agent stays deleted).
     */
    public Agent update(Caller caller, UUID id, AgentInput input) {
        requireAgentAdmin(caller);
        manageableLive(caller, Db.read(() -> agents.findById(id)));
        AgentFields fields = fields(caller, input, false);
        refuseNotAllowedAddresses(fields.addresses());
        Agent updated = Db.transaction(() -> agents.findForUpdate(id)
                .map(current -> manageableLive(caller, current))
                .call(() -> ensureUsernameFree(fields.username(), id))
                .invoke(current -> {
                    current.apply(fields);
                    current.tmUpdate = Times.now();
                })
                .call(agents::flush))
                .toAgent();
        identities.invalidate();
        return updated;
    }

    /**
     * A new password, set by the agent itself or by an admin who may manage it. Every token issued before stops
     * working (its {@code ver} claim no longer matches), the caller's own included: it logs in again.
     */
    public Agent changePassword(Caller caller, UUID id, PasswordInput input) {
        boolean self = id.equals(caller.agentId());
        AgentEntity stored = found(Db.read(() -> agents.findById(id)));
        if (self) {
            live(stored);
        } else {
            manageableLive(caller, stored);
        }
        Validation v = new Validation();
        IdentityRules.password(v, input == null ? null : input.password(), true);
        v.throwIfInvalid("INVALID_ARGUMENT");
        String hash = BcryptUtil.bcryptHash(input.password());
        return write(id, current -> {
            if (self) {
                live(current);
            } else {
                manageableLive(caller, current);
            }
            current.passwordHash = hash;
        });
    }

    /** New permission bits, under the rules of a full update; tokens issued before stop working. */
    public Agent changePermission(Caller caller, UUID id, PermissionInput input) {
        requireAgentAdmin(caller);
        manageableLive(caller, Db.read(() -> agents.findById(id)));
        Validation v = new Validation();
        Integer requested = input == null ? null : input.permission();
        if (requested == null) {
            v.reject("permission", "required");
        }
        int permission = requested == null ? 0 : permission(v, caller, requested);
        v.throwIfInvalid("INVALID_ARGUMENT");
        return write(id, current -> {
            manageableLive(caller, current);
            current.permission = permission;
        });
    }

    /** Applies {@code change} to the row locked for the transaction, then drops the caller cache. */
    private Agent write(UUID id, java.util.function.Consumer<AgentEntity> change) {
        Agent updated = Db.transaction(() -> agents.findForUpdate(id)
                .map(AgentService::found)
                .invoke(current -> {
                    change.accept(current);
                    current.tmUpdate = Times.now();
                })
                .call(agents::flush))
                .toAgent();
        identities.invalidate();
        return updated;
    }

    private static AgentEntity live(AgentEntity agent) {
        if (!agent.live()) {
            throw notFound();
        }
        return agent;
    }

    /** Soft delete, idempotent: a deleted agent is answered as it was deleted. */
    public Agent delete(Caller caller, UUID id) {
        requireAgentAdmin(caller);
        Agent deleted = Db.transaction(() -> agents.findById(id)
                .map(AgentService::found)
                .invoke(current -> {
                    checkManageable(caller, current);
                    if (current.id.equals(caller.agentId())) {
                        throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "CANNOT_DELETE_SELF",
                                "An agent cannot delete itself.");
                    }
                })
                .chain(current -> agents.softDelete(id, Times.now())
                        .chain(changed -> changed ? agents.reload(current) : Uni.createFrom().item(current))))
                .toAgent();
        identities.invalidate();
        return deleted;
    }

    /**
     * The addresses call-manager rings for an agent destination. Served on the backbone only (services are trusted;
     * call-manager itself checks that the agent belongs to the call's customer).
     */
    public AgentDialPlan dialPlan(UUID id) {
        Agent agent = found(Db.read(() -> agents.findById(id))).toAgent();
        return new AgentDialPlan(agent.id(), agent.customerId(), agent.addresses(), agent.ringMethod(),
                agent.tmDelete() != null);
    }

    private static void requireAgentAdmin(Caller caller) {
        if (!caller.isSuperAdmin() && (caller.permission() & Permission.CUSTOMER_ADMIN) == 0) {
            throw ServiceException.forbidden();
        }
    }

    private static void checkManageable(Caller caller, AgentEntity agent) {
        if (!caller.may(agent.customerId, Permission.CUSTOMER_ADMIN)
                || (!caller.isSuperAdmin() && (agent.permission & Permission.PROJECT_ALL) != 0)) {
            throw ServiceException.forbidden();
        }
    }

    /** 404 when missing, 403 when out of the caller's reach, then 404 when deleted (the order of the checks). */
    private static AgentEntity manageableLive(Caller caller, AgentEntity agent) {
        checkManageable(caller, found(agent));
        if (!agent.live()) {
            throw notFound();
        }
        return agent;
    }

    private static AgentEntity found(AgentEntity agent) {
        if (agent == null) {
            throw notFound();
        }
        return agent;
    }

    private Uni<Void> ensureUsernameFree(String username, UUID exceptId) {
        return agents.usernameTaken(username, exceptId).invoke(taken -> {
            if (taken) {
                throw new ServiceException(ErrorStatus.ALREADY_EXISTS, "USERNAME_TAKEN", "That username is already in use.");
            }
        }).replaceWithVoid();
    }

    /** Validated fields (400 when invalid), with the new password's bcrypt hash, or null when none was given. */
    private static AgentFields fields(Caller caller, AgentInput input, boolean passwordRequired) {
        if (input == null) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body is missing.");
        }
        Validation v = new Validation();
        IdentityRules.username(v, input.username());
        IdentityRules.password(v, input.password(), passwordRequired);
        String name = IdentityRules.text(v, "name", input.name(), 255);
        String detail = IdentityRules.text(v, "detail", input.detail(), 2048);
        int permission = input.permission() == null ? Permission.CUSTOMER_AGENT
                : permission(v, caller, input.permission());
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
        v.throwIfInvalid("INVALID_ARGUMENT");
        String hash = input.password() == null ? null : BcryptUtil.bcryptHash(input.password());
        return new AgentFields(input.username(), hash, name, detail, permission, addresses, ringMethod);
    }

    /** Bits outside the known ones are 400 (0xFFFF included); a project bit from a non-super-admin is 403. */
    private static int permission(Validation v, Caller caller, int permission) {
        if (!Permission.isValid(permission)) {
            v.reject("permission", Permission.invalidReason(permission));
        } else if ((permission & Permission.PROJECT_ALL) != 0 && !caller.isSuperAdmin()) {
            throw ServiceException.forbidden();
        }
        return permission;
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
