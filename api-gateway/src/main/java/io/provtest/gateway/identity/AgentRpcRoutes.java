package io.provtest.gateway.identity;

import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** The identity store's answers to the other services (queue {@code api-gateway.request}). */
@Singleton
public class AgentRpcRoutes implements RpcRoutes {

    private final AgentService agents;

    public AgentRpcRoutes(AgentService agents) {
        this.agents = agents;
    }

    @Override
    public void register(RpcRouter router) {
        router.get("/v1/agents/{id}", call -> agents.dialPlan(call.pathId("id")));
    }
}
