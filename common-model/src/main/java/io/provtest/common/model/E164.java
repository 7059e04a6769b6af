package io.provtest.common.model;

import java.util.regex.Pattern;

/** Telephone numbers in E.164 form: {@code +} then 7 to 15 digits. */
public final class E164 {

    private static final Pattern FORM = Pattern.compile("\\+[0-9]{7,15}");

    private E164() {
    }

    public static boolean isValid(String number) {
        return number != null && FORM.matcher(number).matches();
    }

    /**
     * Spaces, dashes, dots and brackets removed, a leading {@code +} kept: "+1 (415) 555-1234" → "+14155551234".
     * What is left is returned as is, for {@link #isValid} to judge.
     */
    public static String normalise(String number) {
        if (number == null) {
            return null;
        }
        String trimmed = number.trim();
        StringBuilder out = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char ch = trimmed.charAt(i);
            if (ch == '+' && i == 0 || ch >= '0' && ch <= '9') {
                out.append(ch);
            } else if (" -.()".indexOf(ch) < 0) {
                return trimmed; // not a formatting character: leave it for validation to refuse
            }
        }
        return out.toString();
    }

    /** The country code candidates of a valid number, longest first ("+821012345678" → +821, +82, +8). */
    public static String[] countryCodeCandidates(String number) {
        return new String[] {number.substring(0, 4), number.substring(0, 3), number.substring(0, 2)};
    }
}
