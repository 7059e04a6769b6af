package io.provtest.common.api.call;

import java.util.Base64;

/** {@code GET /v1/calls/{id}/recording}: the WAV's whole {@code size} and the bytes from {@code offset}, base64. */
public record RecordingSlice(long size, long offset, String contentType, String data) {

    public byte[] bytes() {
        return data == null ? new byte[0] : Base64.getDecoder().decode(data);
    }
}
