package io.provtest.gateway.webhook;

import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.CurrentCaller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Webhook endpoints: thin mappings onto {@link WebhookService}. */
public final class WebhookResources {

    private WebhookResources() {
    }

    @Path("/v1.0/customers/{id}/webhook_secret")
    @Produces(MediaType.APPLICATION_JSON)
    public static class SecretResource {

        private final CurrentCaller current;
        private final WebhookService webhooks;

        public SecretResource(CurrentCaller current, WebhookService webhooks) {
            this.current = current;
            this.webhooks = webhooks;
        }

        /** Creates or rotates the signing secret; the answer is the only place it is ever shown. */
        @POST
        public WebhookService.SecretShown rotate(@PathParam("id") String id) {
            return webhooks.rotateSecret(current.get(), Ids.parseId(id));
        }
    }

    @Path("/v1.0/webhook-deliveries")
    @Produces(MediaType.APPLICATION_JSON)
    public static class DeliveryResource {

        private final CurrentCaller current;
        private final WebhookService webhooks;

        public DeliveryResource(CurrentCaller current, WebhookService webhooks) {
            this.current = current;
            this.webhooks = webhooks;
        }

        @GET
        public Page<WebhookDelivery> list(@QueryParam("customer_id") String customerId,
                                          @QueryParam("page_token") String pageToken,
                                          @QueryParam("page_size") String pageSize) {
            return webhooks.list(current.get(), customerId, pageToken, PageToken.clampPageSize(pageSize));
        }

        @GET
        @Path("/{id}")
        public WebhookDelivery get(@PathParam("id") String id) {
            return webhooks.get(current.get(), Ids.parseId(id));
        }
    }
}
