package org.reservegrid.gateway.sharelog;

/**
 * The share log's line format: one JSON object per line, {@code seq} first (recovery reads it back from the last
 * line), every other field in a fixed order. Written by hand so a line is one allocation and its layout is stable.
 */
final class ShareLines {
    private ShareLines() {}

    static String line(long sequence, ShareRecord r) {
        StringBuilder out = new StringBuilder(320);
        out.append("{\"seq\":").append(sequence);
        out.append(",\"at\":").append(r.atMillis());
        out.append(",\"channel_id\":").append(r.channelId());
        out.append(",\"user\":");
        string(out, r.userIdentity());
        out.append(",\"job_id\":").append(r.jobId());
        out.append(",\"sequence_number\":").append(r.sequenceNumber());
        out.append(",\"nonce\":").append(r.nonce());
        out.append(",\"ntime\":").append(r.ntime());
        out.append(",\"version\":").append(r.version());
        out.append(",\"difficulty\":");
        if (Double.isFinite(r.difficulty())) {
            out.append(r.difficulty());
        } else {
            out.append("null");
        }
        out.append(",\"hash\":");
        string(out, r.hash());
        out.append(",\"block\":").append(r.block());
        out.append(",\"height\":").append(r.height());
        out.append(",\"template\":").append(r.templateSequence());
        out.append("}\n");
        return out.toString();
    }

    /** A JSON string; control characters, quotes, backslashes and non-ASCII are escaped. */
    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
