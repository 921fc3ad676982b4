package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U16;
import org.reservegrid.sv2.binary.U32;
import org.reservegrid.sv2.binary.U8;

/**
 * The first message on a connection: the protocol, the version range and feature flags the client asks for, and
 * optional device information. {@code protocol} stays a plain U8 so that a server can answer unknown protocols with
 * {@code unsupported-protocol} rather than fail decoding.
 *
 * <p>Wire layout (sv2-spec §3.6.1, client to server; type {@link MessageType#SETUP_CONNECTION}): fields in this order,
 * no padding.
 *
 * @param protocol {@code protocol} (U8)
 * @param minVersion {@code min_version} (U16)
 * @param maxVersion {@code max_version} (U16)
 * @param flags {@code flags} (U32)
 * @param endpointHost {@code endpoint_host} (STR0_255)
 * @param endpointPort {@code endpoint_port} (U16)
 * @param vendor {@code vendor} (STR0_255)
 * @param hardwareVersion {@code hardware_version} (STR0_255)
 * @param firmware {@code firmware} (STR0_255)
 * @param deviceId {@code device_id} (STR0_255)
 */
public record SetupConnection(
        int protocol,
        int minVersion,
        int maxVersion,
        long flags,
        Str0255 endpointHost,
        int endpointPort,
        Str0255 vendor,
        Str0255 hardwareVersion,
        Str0255 firmware,
        Str0255 deviceId)
        implements ClientToServer {

    public SetupConnection {
        U8.require(protocol, "protocol");
        U16.require(minVersion, "min_version");
        U16.require(maxVersion, "max_version");
        U32.require(flags, "flags");
        Objects.requireNonNull(endpointHost, "endpoint_host");
        U16.require(endpointPort, "endpoint_port");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(hardwareVersion, "hardware_version");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(deviceId, "device_id");
    }

    /**
     * A Mining-protocol SetupConnection for version 2 only, as a standard-channel miner sends it (SRI's mining device
     * uses {@code flags = REQUIRES_STANDARD_JOBS} and empty device strings).
     */
    public static SetupConnection mining(
            long flags,
            String endpointHost,
            int endpointPort,
            String vendor,
            String hardwareVersion,
            String firmware,
            String deviceId) {
        return new SetupConnection(
                Sv2Protocol.MINING.code(),
                Sv2Protocol.VERSION,
                Sv2Protocol.VERSION,
                flags,
                Str0255.of(endpointHost),
                endpointPort,
                Str0255.of(vendor),
                Str0255.of(hardwareVersion),
                Str0255.of(firmware),
                Str0255.of(deviceId));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetupConnection read(ByteBuf in) {
        int protocol = U8.readValue(in);
        int minVersion = U16.readValue(in);
        int maxVersion = U16.readValue(in);
        long flags = U32.readValue(in);
        Str0255 endpointHost = Str0255.read(in);
        int endpointPort = U16.readValue(in);
        Str0255 vendor = Str0255.read(in);
        Str0255 hardwareVersion = Str0255.read(in);
        Str0255 firmware = Str0255.read(in);
        Str0255 deviceId = Str0255.read(in);
        return new SetupConnection(
                protocol,
                minVersion,
                maxVersion,
                flags,
                endpointHost,
                endpointPort,
                vendor,
                hardwareVersion,
                firmware,
                deviceId);
    }

    public void write(ByteBuf out) {
        U8.writeValue(out, protocol);
        U16.writeValue(out, minVersion);
        U16.writeValue(out, maxVersion);
        U32.writeValue(out, flags);
        endpointHost.write(out);
        U16.writeValue(out, endpointPort);
        vendor.write(out);
        hardwareVersion.write(out);
        firmware.write(out);
        deviceId.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U8.LENGTH
                + U16.LENGTH
                + U16.LENGTH
                + U32.LENGTH
                + endpointHost.encodedLength()
                + U16.LENGTH
                + vendor.encodedLength()
                + hardwareVersion.encodedLength()
                + firmware.encodedLength()
                + deviceId.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.SETUP_CONNECTION;
    }
}
