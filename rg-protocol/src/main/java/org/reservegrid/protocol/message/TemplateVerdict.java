package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.VerifierDecodeException;

/**
 * The verifier's judgement of one {@link TemplatePropose}.
 *
 * @param reasonCode the first failure in policy order; null exactly when accepted
 * @param reasons every failure found, in policy order (the engine runs all checks)
 */
public record TemplateVerdict(
        long requestId,
        boolean accepted,
        @Nullable VerdictReason reasonCode,
        List<VerdictReason> reasons,
        VerdictContext context)
        implements VerifierMessage {

    public TemplateVerdict {
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(context, "context");
        if (accepted != (reasonCode == null)) {
            throw new IllegalArgumentException("a verdict has a reason code exactly when it is a rejection");
        }
        if (reasonCode != null && !reasons.contains(reasonCode)) {
            throw new IllegalArgumentException("reason code must be one of the reasons");
        }
        if (reasons.size() > 255) {
            throw new IllegalArgumentException("at most 255 reasons");
        }
    }

    public static TemplateVerdict accept(long requestId, VerdictContext context) {
        return new TemplateVerdict(requestId, true, null, List.of(), context);
    }

    /** A rejection whose reason code is the first of {@code reasons}. */
    public static TemplateVerdict reject(long requestId, List<VerdictReason> reasons, VerdictContext context) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one reason");
        }
        return new TemplateVerdict(requestId, false, reasons.getFirst(), reasons, context);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.TEMPLATE_VERDICT;
    }

    public static TemplateVerdict read(ByteBuf in) {
        long requestId = Wire.readU64(in, "request_id");
        boolean accepted = Wire.readBool(in, "accepted");
        int reasonCode = Wire.readU8(in, "reason_code");
        int reasonCount = Wire.readU8(in, "reason_count");
        List<VerdictReason> reasons = new ArrayList<>(reasonCount);
        for (int i = 0; i < reasonCount; i++) {
            reasons.add(reason(Wire.readU8(in, "reason")));
        }
        VerdictContext context = VerdictContext.read(in);
        if (in.isReadable()) {
            throw VerifierDecodeException.malformed(in.readableBytes() + " unexpected bytes after the verdict");
        }
        VerdictReason first = reasonCode == 0 ? null : reason(reasonCode);
        try {
            return new TemplateVerdict(requestId, accepted, first, reasons, context);
        } catch (IllegalArgumentException e) {
            // The exception's message is concatenated either way; valueOf keeps that explicit.
            throw VerifierDecodeException.malformed(String.valueOf(e.getMessage()));
        }
    }

    private static VerdictReason reason(int code) {
        try {
            return VerdictReason.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw VerifierDecodeException.malformed("unknown verdict reason code " + code);
        }
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(requestId);
        out.writeByte(accepted ? 1 : 0);
        out.writeByte(reasonCode == null ? 0 : reasonCode.code());
        out.writeByte(reasons.size());
        for (VerdictReason reason : reasons) {
            out.writeByte(reason.code());
        }
        context.write(out);
    }

    @Override
    public int encodedLength() {
        return 8 + 1 + 1 + 1 + reasons.size() + context.encodedLength();
    }
}
