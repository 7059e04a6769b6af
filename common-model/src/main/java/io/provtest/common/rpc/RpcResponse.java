package io.provtest.common.rpc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;

/** The reply envelope: {@code {"status_code":200,"data":{…}}} or {@code {"status_code":404,"error":{…}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpcResponse(int statusCode, JsonNode data, ApiError error) {

    public static RpcResponse ok(Object data) {
        return new RpcResponse(200, data == null ? null : Json.tree(data), null);
    }

    public static RpcResponse failure(ApiError error) {
        return new RpcResponse(error.httpStatus(), null, error);
    }

    public static RpcResponse failure(ServiceException e) {
        return new RpcResponse(e.httpStatus(), null, e.error());
    }

    @JsonIgnore
    public boolean isSuccess() {
        return error == null && statusCode < 400;
    }

    /** The data of a success; a failure is rethrown as the typed error it carries. */
    public JsonNode dataOrThrow() {
        if (!isSuccess()) {
            throw error != null ? new ServiceException(error, statusCode)
                    : ServiceException.internal("Upstream answered " + statusCode + " without an error.");
        }
        return data;
    }

    public <T> T dataAs(Class<T> type) {
        return Json.convert(dataOrThrow(), type);
    }
}
