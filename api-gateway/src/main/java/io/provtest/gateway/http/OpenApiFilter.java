package io.provtest.gateway.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the generated OpenAPI document (mp.openapi.filter): the frame (info, the server, the four credential
 * forms, any one of which authenticates, required document-wide, the login excepted), the error envelope and the
 * error responses every operation can give (400 for a body or parameters, 401 and 403 for a credential, 404 for an
 * id, 429 for the login), and the request and response schemas of the endpoints that forward a body to a backend
 * service unchanged (their fields are validated there). Kept in one place so the resources stay plain JAX-RS.
 */
public class OpenApiFilter implements OASFilter {

    private static final String JSON = "application/json";
    static final String BEARER = "bearerAuth";
    static final String ACCESS_KEY = "accessKeyAuth";
    static final String TOKEN_QUERY = "tokenQuery";
    static final String ACCESS_KEY_QUERY = "accessKeyQuery";
    private static final String[][] TAGS = {
            {"/auth/", "auth", "Login"},
            {"/v1.0/me", "identity", "The caller"},
            {"/v1.0/customers", "customers", "Customers (super-admin)"},
            {"/v1.0/customers/{id}/outbound_config", "outbound_config",
                    "What a customer may call and with which caller id (its admins or a super-admin)"},
            {"/v1.0/numbers", "numbers", "A customer's telephone numbers, the sources of its calls"},
            {"/v1.0/agents", "agents", "Agents of a customer"},
            {"/v1.0/accesskeys", "accesskeys", "Access keys of a customer"},
            {"/v1.0/providers", "providers", "SIP carriers (super-admin)"},
            {"/v1.0/routes", "routes", "Which provider carries a customer's calls (super-admin)"},
            {"/v1.0/providercalls", "providercalls", "Test calls through a provider (super-admin)"},
            {"/v1.0/calls", "calls", "A customer's calls"},
            {"/v1.0/groupcalls", "groupcalls", "A customer's group calls"},
            {"/v1.0/flows", "flows", "A customer's call flows"},
            {"/v1.0/billing_accounts", "billing", "Balances and charges"},
            {"/v1.0/billings", "billing", "Balances and charges"},
            {"/v1.0/rate_plans", "rate_plans", "Prices per destination prefix (super-admin)"}};

    /**
     * "METHOD path" → request schema (null: the generated one of the typed body) and 200 response schema, for the
     * endpoints that answer with what a backend service returned.
     */
    private static final Map<String, String[]> FORWARDED = new LinkedHashMap<>();

    static {
        forwarded("POST /v1.0/providers", null, "Provider");
        forwarded("GET /v1.0/providers", null, "ProviderPage");
        forwarded("GET /v1.0/providers/{id}", null, "Provider");
        forwarded("PUT /v1.0/providers/{id}", null, "Provider");
        forwarded("DELETE /v1.0/providers/{id}", null, "Provider");
        forwarded("POST /v1.0/providers/{id}/preview", null, "Preview");
        forwarded("POST /v1.0/routes", null, "Route");
        forwarded("GET /v1.0/routes", null, "RoutePage");
        forwarded("GET /v1.0/routes/{id}", null, "Route");
        forwarded("PUT /v1.0/routes/{id}", null, "Route");
        forwarded("DELETE /v1.0/routes/{id}", null, "Route");
        forwarded("POST /v1.0/providercalls", null, "ProviderCall");
        forwarded("GET /v1.0/providercalls", null, "ProviderCallPage");
        forwarded("GET /v1.0/providercalls/{id}", null, "ProviderCall");
        forwarded("DELETE /v1.0/providercalls/{id}", null, "ProviderCall");
        forwarded("GET /v1.0/calls", null, "CallPage");
        forwarded("GET /v1.0/calls/{id}", null, "Call");
        forwarded("POST /v1.0/calls/{id}/hangup", null, "Call");
        forwarded("DELETE /v1.0/calls/{id}", null, "Call");
        forwarded("GET /v1.0/calls/{id}/sip-messages", null, "SipMessages");
        forwarded("POST /v1.0/groupcalls", null, "Groupcall");
        forwarded("GET /v1.0/groupcalls", null, "GroupcallPage");
        forwarded("GET /v1.0/groupcalls/{id}", null, "Groupcall");
        forwarded("POST /v1.0/groupcalls/{id}/hangup", null, "Groupcall");
        forwarded("DELETE /v1.0/groupcalls/{id}", null, "Groupcall");
        forwarded("POST /v1.0/flows", null, "Flow");
        forwarded("GET /v1.0/flows", null, "FlowPage");
        forwarded("GET /v1.0/flows/{id}", null, "Flow");
        forwarded("PUT /v1.0/flows/{id}", null, "Flow");
        forwarded("DELETE /v1.0/flows/{id}", null, "Flow");
        forwarded("GET /v1.0/billing_accounts", null, "BillingAccountPage");
        forwarded("GET /v1.0/billing_accounts/{id}", null, "BillingAccount");
        forwarded("PUT /v1.0/billing_accounts/{id}", null, "BillingAccount");
        forwarded("POST /v1.0/billing_accounts/{id}/balance_add_force", null, "BillingAccount");
        forwarded("POST /v1.0/billing_accounts/{id}/balance_subtract_force", null, "BillingAccount");
        forwarded("GET /v1.0/billing_accounts/{id}/adjustments", null, "BalanceAdjustmentPage");
        forwarded("POST /v1.0/rate_plans", null, "RatePlan");
        forwarded("GET /v1.0/rate_plans", null, "RatePlanPage");
        forwarded("GET /v1.0/rate_plans/{id}", null, "RatePlan");
        forwarded("PUT /v1.0/rate_plans/{id}", null, "RatePlan");
        forwarded("DELETE /v1.0/rate_plans/{id}", null, "RatePlan");
        forwarded("GET /v1.0/billings", null, "BillingPage");
        forwarded("GET /v1.0/billings/{id}", null, "Billing");
        forwarded("POST /v1.0/numbers", null, "Number");
        forwarded("GET /v1.0/numbers", null, "NumberPage");
        forwarded("GET /v1.0/numbers/{id}", null, "Number");
        forwarded("PUT /v1.0/numbers/{id}", null, "Number");
        forwarded("DELETE /v1.0/numbers/{id}", null, "Number");
        forwarded("GET /v1.0/customers/{id}/outbound_config", null, "OutboundConfig");
        forwarded("PUT /v1.0/customers/{id}/outbound_config", null, "OutboundConfig");
    }

    private static void forwarded(String operation, String request, String response) {
        FORWARDED.put(operation, new String[] {request, response});
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.info(OASFactory.createInfo().title("Provider test-call platform API").version("1.0")
                .description("Log in with POST /auth/login, then send the token as `Authorization: Bearer <token>` "
                        + "(Swagger UI: Authorize, bearerAuth). An access key goes in `Authorization: AccessKey <key>` "
                        + "or `?accesskey=`, a token also in `?token=`. Every error is "
                        + "`{\"error\":{status,reason,message,request_id,details}}`.")
                .license(OASFactory.createLicense().name("Proprietary").identifier("LicenseRef-Proprietary")));
        openAPI.servers(List.of(OASFactory.createServer().url("/").description("This gateway")));
        for (String[] tag : TAGS) {
            openAPI.addTag(OASFactory.createTag().name(tag[1]).description(tag[2]));
        }
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.setSecuritySchemes(new LinkedHashMap<>());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT").description("The token from POST /auth/login (HS256, 1 h)."));
        components.addSecurityScheme(ACCESS_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("Authorization")
                .description("`AccessKey <key>`: acts as CustomerAdmin of the key's customer."));
        components.addSecurityScheme(TOKEN_QUERY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.QUERY).name("token").description("A login token in the query."));
        components.addSecurityScheme(ACCESS_KEY_QUERY, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.QUERY).name("accesskey")
                .description("An access key in the query."));
        openAPI.security(List.of(requirement(BEARER), requirement(ACCESS_KEY), requirement(TOKEN_QUERY),
                requirement(ACCESS_KEY_QUERY)));
        // the raw bodies of the forwarding endpoints, whose request schemas are set below
        components.removeSchema("JsonNode");
        components.removeSchema("JsonNodeType");
        // a record field that is any JSON (an action's option) names that schema: it is an object of any fields
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(OpenApiFilter::anyJsonAsObject);
        }
        schemas().forEach((name, schema) -> {
            if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                components.addSchema(name, schema);
            }
        });
        components.addResponse("BadRequest", error("The body, a parameter or a field is invalid (details name the fields).",
                "INVALID_ARGUMENT", "name: must be at most 255 characters"));
        components.addResponse("Unauthenticated", error("No credential (AUTHENTICATION_REQUIRED) or a wrong, expired or "
                + "revoked one (INVALID_CREDENTIALS).", "INVALID_CREDENTIALS", "The provided credentials are invalid."));
        components.addResponse("Forbidden", error("The caller's role does not allow this; decided before the body is "
                + "read or the resource looked up.", "PERMISSION_DENIED", "You do not have permission to access this resource."));
        components.addResponse("NotFound", error("No such resource.", "PROVIDER_NOT_FOUND", "The provider was not found."));
        components.addResponse("TooManyRequests", error("Too many failed logins for this username or from this "
                + "address; the Retry-After header says when to try again.", "RESOURCE_EXHAUSTED",
                "Too many failed logins; try again later."));
        components.addResponse("RateLimited", error("Over a rate limit: this client's requests per second at the "
                + "gateway or, where calls are created, the customer's or the platform's calls per second or "
                + "concurrent calls; the Retry-After header says when to try again.", "RATE_LIMIT_EXCEEDED",
                "The customer's limit of 200 calls per second is reached; no call was placed."));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                complete(path, method, operation)));
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        for (String[] tag : TAGS) {
            if (path.startsWith(tag[0])) {
                operation.setTags(List.of(tag[1]));
            }
        }
        operation.setSecurity(null);
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        operation.setResponses(responses);
        String[] types = FORWARDED.get(method + " " + path);
        if (types != null) {
            if (types[0] != null) {
                operation.setRequestBody(OASFactory.createRequestBody().required(true)
                        .content(content(ref(types[0]))));
            }
            responses.addAPIResponse("200", OASFactory.createAPIResponse().description("OK")
                    .content(content(ref(types[1]))));
        }
        boolean login = path.equals("/auth/login");
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput || path.contains("{")) {
            responses.addAPIResponse("400", responseRef("BadRequest"));
        }
        responses.addAPIResponse("401", responseRef("Unauthenticated"));
        if (login) {
            operation.setSecurity(List.of());
            responses.addAPIResponse("429", responseRef("TooManyRequests"));
            responses.removeAPIResponse("403");
            return;
        }
        responses.addAPIResponse("403", responseRef("Forbidden"));
        responses.addAPIResponse("429", responseRef("RateLimited"));
        if (path.contains("{")) {
            responses.addAPIResponse("404", responseRef("NotFound"));
        }
    }

    private static APIResponse responseRef(String name) {
        return OASFactory.createAPIResponse().ref("#/components/responses/" + name);
    }

    private static APIResponse error(String description, String reason, String message) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("status", reason.equals("INVALID_ARGUMENT") ? "INVALID_ARGUMENT" : statusOf(reason));
        example.put("reason", reason);
        example.put("message", message);
        example.put("request_id", "req_QJ3M5W2XN4Z7A6B5C4D3E2F1GH");
        return OASFactory.createAPIResponse().description(description)
                .content(content(ref("ErrorEnvelope").example(Map.of("error", example))));
    }

    private static String statusOf(String reason) {
        return switch (reason) {
            case "INVALID_CREDENTIALS" -> "UNAUTHENTICATED";
            case "PROVIDER_NOT_FOUND" -> "NOT_FOUND";
            case "RATE_LIMIT_EXCEEDED" -> "RESOURCE_EXHAUSTED";
            default -> reason;
        };
    }

    private static Content content(Schema schema) {
        return OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType().schema(schema));
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }

    private static void anyJsonAsObject(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        new LinkedHashMap<>(schema.getProperties()).forEach((name, property) -> {
            if ("#/components/schemas/JsonNode".equals(property.getRef())) {
                schema.addProperty(name, type(Schema.SchemaType.OBJECT, property.getDescription()));
            }
        });
    }

    private static Schema type(Schema.SchemaType type, String description) {
        return OASFactory.createSchema().addType(type).description(description);
    }

    private static Schema str(String description) {
        return type(Schema.SchemaType.STRING, description);
    }

    private static Schema uuid(String description) {
        return str(description).format("uuid");
    }

    private static Schema time(String description) {
        return str(description).format("date-time");
    }

    private static Schema integer(String description) {
        return type(Schema.SchemaType.INTEGER, description).format("int32");
    }

    private static Schema money(String description) {
        return type(Schema.SchemaType.NUMBER, description + " (a decimal, up to 6 places)");
    }

    private static Schema array(Schema items, String description) {
        return type(Schema.SchemaType.ARRAY, description).items(items);
    }

    private static Schema object(String description, Object... properties) {
        Schema schema = type(Schema.SchemaType.OBJECT, description);
        for (int i = 0; i < properties.length; i += 2) {
            schema.addProperty((String) properties[i], (Schema) properties[i + 1]);
        }
        return schema;
    }

    private static Schema page(String item) {
        return object("One page, newest first", "result", array(ref(item), "The items"),
                "next_page_token", str("Opaque; pass as page_token for the next page (absent on the last)"));
    }

    /** The shapes the backend services own, as the gateway forwards them. */
    private static Map<String, Schema> schemas() {
        Map<String, Schema> s = new LinkedHashMap<>();
        s.put("ErrorEnvelope", object("Every error", "error", object("The error",
                "status", str("The error class (INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, …)"),
                "reason", str("Machine-readable reason, e.g. INVALID_JSON_BODY"),
                "message", str("For people"),
                "request_id", str("Also in the X-Request-Id header"),
                "details", array(object("A field that failed validation", "field", str("e.g. addresses[0].target"),
                        "reason", str("Why")), "Present when named fields failed"))
                .addRequired("status").addRequired("reason").addRequired("message")).addRequired("error"));
        Schema address = object("A party of a call", "type", str("tel, sip, agent, …").example("tel"),
                "target", str("The number (E.164), sip URI or id").example("+15551230001"),
                "target_name", str("Display name"), "name", str("Name"), "detail", str("Detail"));
        s.put("Address", address);
        s.put("Provider", object("A SIP carrier as stored", "id", uuid("Id"), "type", str("sip"),
                "hostname", str("Host"), "tech_prefix", str("Prefix"), "tech_postfix", str("Postfix"),
                "tech_headers", type(Schema.SchemaType.OBJECT, "Extra SIP headers").additionalPropertiesSchema(str("Value")),
                "transport", str("udp or tcp"), "name", str("Name"), "detail", str("Detail"), "codecs", str("Codecs"),
                "health_status", str("unknown, healthy or unhealthy"), "tm_create", time("Created"),
                "tm_update", time("Updated"), "tm_delete", time("Deleted")));
        s.put("ProviderPage", page("Provider"));
        s.put("Preview", object("The Request-URI and headers an INVITE through the provider would carry; nothing is dialed",
                "request_uri", str("Request-URI"), "headers", type(Schema.SchemaType.OBJECT, "Headers")
                        .additionalPropertiesSchema(str("Value"))));
        s.put("Route", object("A routing rule as stored", "id", uuid("Id"), "customer_id", uuid("Customer"),
                "provider_id", uuid("Provider"), "priority", integer("Lower first"), "target", str("Target"),
                "name", str("Name"), "detail", str("Detail"), "tm_create", time("Created"), "tm_update", time("Updated"),
                "tm_delete", time("Deleted")));
        s.put("RoutePage", page("Route"));
        s.put("ProviderCall", object("A provider test call and its outcome", "id", uuid("Id"),
                "provider_id", uuid("Provider"), "customer_id", uuid("Customer"), "status", str("Progress"),
                "tm_create", time("Created")).additionalPropertiesBoolean(true));
        s.put("ProviderCallPage", page("ProviderCall"));
        s.put("Call", object("A call", "id", uuid("Id"), "customer_id", uuid("Customer"), "status", str("Progress"),
                "source", ref("Address"), "destination", ref("Address"), "tm_create", time("Created"))
                .additionalPropertiesBoolean(true));
        s.put("CallPage", page("Call"));
        s.put("SipMessages", object("Every SIP message of the call, oldest first", "result",
                array(type(Schema.SchemaType.OBJECT, "One message"), "Messages")));
        s.put("Groupcall", object("A group call", "id", uuid("Id"), "customer_id", uuid("Customer"),
                "status", str("Progress"), "tm_create", time("Created")).additionalPropertiesBoolean(true));
        s.put("GroupcallPage", page("Groupcall"));
        s.put("Flow", object("A stored call flow", "id", uuid("Id"), "customer_id", uuid("Customer"), "name", str("Name"),
                "detail", str("Detail"), "actions", array(type(Schema.SchemaType.OBJECT, "An action"), "Actions"),
                "tm_create", time("Created")).additionalPropertiesBoolean(true));
        s.put("FlowPage", page("Flow"));
        s.put("BillingAccount", object("A customer's billing account", "id", uuid("Id"), "customer_id",
                uuid("Customer"), "balance", money("Balance, in the currency's unit (may go below zero)"),
                "currency", str("e.g. USD"), "rate_plan_id", uuid("The plan its calls are rated on"),
                "tm_create", time("Created"), "tm_update", time("Last changed")));
        s.put("BillingAccountPage", page("BillingAccount"));
        s.put("BalanceAdjustment", object("One super-admin balance change", "id", uuid("Id"), "account_id",
                uuid("Account"), "kind", str("balance_add_force or balance_subtract_force"), "amount", money("Amount"),
                "balance_after", money("The balance it left"), "created_by", uuid("The super-admin agent"),
                "request_id", str("The request that made it"), "tm_create", time("When")));
        s.put("BalanceAdjustmentPage", page("BalanceAdjustment"));
        s.put("RatePlan", object("Prices per destination prefix", "id", uuid("Id"), "name", str("Name"),
                "increment_seconds", integer("Billing increment: 60 for 60/60, 1 for 1/1"),
                "connection_fee", money("Charged once per answered call"),
                "rates", array(object("A price", "prefix", str("\"+82\", or \"sip:\" for sip destinations"),
                        "per_minute", money("Price per minute")), "The longest matching prefix wins; none refuses"),
                "is_default", type(Schema.SchemaType.BOOLEAN, "The platform's default plan"),
                "tm_create", time("Created"), "tm_update", time("Last changed"), "tm_delete", time("Deleted")));
        s.put("RatePlanPage", page("RatePlan"));
        s.put("Billing", object("One charged call", "id", uuid("Id"), "customer_id", uuid("Customer"),
                "reference_type", str("call"), "reference_id", uuid("The call"),
                "billable_seconds", integer("Answer to hangup, rounded up to the plan's increment"),
                "amount", money("Charged"), "rate_prefix", str("The rate applied"), "per_minute", money("Its price"),
                "tm_create", time("Charged at")).additionalPropertiesBoolean(true));
        s.put("BillingPage", page("Billing"));
        s.put("Number", object("A telephone number a customer owns (one customer at a time)", "id", uuid("Id"),
                "customer_id", uuid("The owner"), "number", str("E.164").example("+14155550100"),
                "status", str("active or disabled (only an active number is a valid source)"), "name", str("Name"),
                "detail", str("Detail"), "tm_create", time("Created"), "tm_update", time("Last changed"),
                "tm_delete", time("Deleted")));
        s.put("NumberPage", page("Number"));
        s.put("OutboundConfig", object("What a customer may call and with which caller id", "customer_id",
                uuid("Customer"), "default_outgoing_source_number_id", uuid("The number a call goes out with when its "
                        + "source is not an active number of the customer (null: such a call is 400 NO_VALID_SOURCE)"),
                "allowed_countries", array(str("\"+\" and digits").example("+82"), "Country codes a tel call may "
                        + "reach; empty: every country"),
                "denied_prefixes", array(str("\"+\" and digits"), "Prefixes no tel call may reach"),
                "max_concurrent_calls", integer("Calls at once; 0: no per-customer limit"),
                "calls_per_second", integer("New calls per second; 0: no per-customer limit"),
                "codecs", array(str("PCMU or PCMA").example("PCMA"), "The only codecs offered to the customer's sip "
                        + "destinations, in this order; empty: the default offer"),
                "tm_create", time("First set (null: never set, the defaults)"), "tm_update", time("Last changed")));
        return s;
    }
}
