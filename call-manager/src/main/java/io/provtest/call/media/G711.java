package io.provtest.call.media;

import io.provtest.common.sip.Codec;

/** ITU-T G.711 µ-law (PCMU, payload type 0) and A-law (PCMA, 8) for 16-bit linear PCM. */
public final class G711 {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private G711() {
    }

    public static byte ulaw(short sample) {
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        if (s > CLIP) {
            s = CLIP;
        }
        s += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short ulawToLinear(byte encoded) {
        int u = ~encoded & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }

    public static byte alaw(short sample) {
        int s = sample;
        int sign = s >= 0 ? 0x80 : 0;
        if (s < 0) {
            s = -s - 1;
        }
        if (s > 32767) {
            s = 32767;
        }
        int encoded;
        if (s < 256) {
            encoded = s >> 4;
        } else {
            int exponent = 1;
            for (int v = s >> 8; v > 1; v >>= 1) {
                exponent++;
            }
            encoded = (exponent << 4) | ((s >> (exponent + 3)) & 0x0F);
        }
        return (byte) ((encoded | sign) ^ 0x55);
    }

    public static short alawToLinear(byte encoded) {
        int a = (encoded ^ 0x55) & 0xFF;
        int sign = a & 0x80;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? magnitude : -magnitude);
    }

    /** 8 kHz linear samples to the payload of the negotiated codec (payload type 0 or 8). */
    public static byte[] encode(short[] samples, int payloadType) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = encode(samples[i], payloadType);
        }
        return out;
    }

    /** One linear sample in the codec of this payload type: A-law for PCMA, µ-law otherwise. */
    public static byte encode(short sample, int payloadType) {
        return isAlaw(payloadType) ? alaw(sample) : ulaw(sample);
    }

    /** One byte of this payload type's codec as a linear sample. */
    public static short decode(byte encoded, int payloadType) {
        return isAlaw(payloadType) ? alawToLinear(encoded) : ulawToLinear(encoded);
    }

    /** The byte that encodes silence (linear 0) in this payload type's codec. */
    public static byte silence(int payloadType) {
        return encode((short) 0, payloadType);
    }

    private static boolean isAlaw(int payloadType) {
        return payloadType == Codec.PCMA.payloadType();
    }
}
