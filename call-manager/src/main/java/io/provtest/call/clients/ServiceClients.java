package io.provtest.call.clients;

import io.provtest.call.engine.CallConfig;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.gateway.GatewayApi;
import io.provtest.common.api.route.CallBillingApi;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.rpc.RpcClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The typed clients of the services call-manager asks, with call-manager's deadlines: 3 s each (route-manager's is a
 * setting), under route-manager's 10 s for a create-calls request that waits on them.
 */
public class ServiceClients {

    static final Duration FLOW_MANAGER_TIMEOUT = Duration.ofSeconds(3);
    static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(3);

    @Produces
    @Singleton
    FlowManagerApi flowManager(RpcClient rpc) {
        return RpcApis.client(FlowManagerApi.class, rpc, FLOW_MANAGER_TIMEOUT);
    }

    @Produces
    @Singleton
    RouteManagerApi routeManager(RpcClient rpc, CallConfig config) {
        return RpcApis.client(RouteManagerApi.class, rpc, config.routeManagerTimeout());
    }

    @Produces
    @Singleton
    CallBillingApi billing(RpcClient rpc, CallConfig config) {
        return RpcApis.client(CallBillingApi.class, rpc, config.routeManagerTimeout());
    }

    @Produces
    @Singleton
    GatewayApi gateway(RpcClient rpc) {
        return RpcApis.client(GatewayApi.class, rpc, GATEWAY_TIMEOUT);
    }
}
