package io.provtest.call.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads PCM WAV (8/16-bit, mono or stereo, 8 to 48 kHz) into 8 kHz mono 16-bit samples, the input of G.711. The
 * header is judged before any sample is touched: a file claiming a rate of 1 Hz would otherwise ask for thousands of
 * output samples per input sample (hundreds of MB), and one claiming 0 channels would divide by zero.
 */
public final class Wav {

    public static final int TELEPHONY_RATE = 8000;
    public static final int MIN_RATE = 8000;
    public static final int MAX_RATE = 48000;
    /** "RIFF", the size, "WAVE": enough to tell a WAV from anything else. */
    static final int MAGIC_LENGTH = 12;
    /** The header {@link #pcmHeader} writes: RIFF, fmt (16 bytes) and data chunk headers. */
    public static final int PCM_HEADER_BYTES = 44;

    private Wav() {
    }

    public static short[] to8kMono(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (!hasMagic(wav)) {
            throw new IllegalArgumentException("not a WAV file");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int format = 0;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > wav.length) {
                    throw new IllegalArgumentException("a fmt chunk shorter than 16 bytes");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) { // "data"
                if (format != 1 || (bits != 16 && bits != 8)) {
                    throw new IllegalArgumentException("only PCM WAV (8 or 16 bit) is supported");
                }
                if (channels < 1 || channels > 2) {
                    throw new IllegalArgumentException("a WAV of " + channels + " channels (1 or 2 are played)");
                }
                if (rate < MIN_RATE || rate > MAX_RATE) {
                    throw new IllegalArgumentException("a WAV at " + rate + " Hz (" + MIN_RATE + " to " + MAX_RATE
                            + " are played)");
                }
                // espeak-ng writes 0x7FFFFFFF as the length when streaming to stdout
                int length = size < 0 || body + size > wav.length ? wav.length - body : size;
                return resample(mono(b, body, length, channels, bits), rate);
            }
            pos = body + size + (size & 1);
            if (size < 0) {
                break;
            }
        }
        throw new IllegalArgumentException("WAV without a data chunk");
    }

    /** Whether the bytes start as a RIFF/WAVE file. */
    static boolean hasMagic(byte[] bytes) {
        if (bytes.length < MAGIC_LENGTH) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return b.getInt(0) == 0x46464952 && b.getInt(8) == 0x45564157; // "RIFF", "WAVE"
    }

    private static short[] mono(ByteBuffer b, int start, int length, int channels, int bits) {
        int frameBytes = channels * bits / 8;
        int frames = length / frameBytes;
        short[] out = new short[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = start + f * frameBytes + c * bits / 8;
                sum += bits == 16 ? b.getShort(at) : ((b.get(at) & 0xFF) - 128) << 8;
            }
            out[f] = (short) (sum / channels);
        }
        return out;
    }

    /** Averages the input over each output sample's span (a box low-pass) so downsampling does not alias harshly. */
    static short[] resample(short[] in, int rate) {
        if (rate == TELEPHONY_RATE) {
            return in;
        }
        int outLength = (int) ((long) in.length * TELEPHONY_RATE / rate);
        short[] out = new short[outLength];
        double step = (double) rate / TELEPHONY_RATE;
        for (int i = 0; i < outLength; i++) {
            int from = (int) (i * step);
            int to = Math.max(from + 1, Math.min(in.length, (int) ((i + 1) * step)));
            long sum = 0;
            for (int j = from; j < to; j++) {
                sum += in[j];
            }
            out[i] = (short) (sum / (to - from));
        }
        return out;
    }

    /** The 44-byte header of a mono 8 kHz 16-bit PCM WAV of {@code samples} samples (recordings are served so). */
    public static byte[] pcmHeader(int samples) {
        int data = samples * 2;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(PCM_HEADER_BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + data)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(TELEPHONY_RATE).putInt(TELEPHONY_RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data);
        return b.array();
    }
}
