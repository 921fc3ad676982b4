package org.reservegrid.sv2.message;

import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/** jqwik generators for every message record, with field values anywhere in their legal ranges. */
public final class Sv2MessageArbitraries {

    private Sv2MessageArbitraries() {}

    public static Arbitrary<Sv2Message> anyMessage() {
        return Arbitraries.oneOf(List.of(
                setupConnection(),
                Combinators.combine(u16(), u32()).as(SetupConnectionSuccess::new),
                Combinators.combine(u32(), str()).as(SetupConnectionError::new),
                u32().map(ChannelEndpointChanged::new),
                Combinators.combine(str(), u16()).as(Reconnect::new),
                Combinators.combine(u32(), str(), f32(), u256()).as(OpenStandardMiningChannel::new),
                Combinators.combine(u32(), u32(), u256(), b032(), u32()).as(OpenStandardMiningChannelSuccess::new),
                Combinators.combine(u32(), str()).as(OpenMiningChannelError::new),
                Combinators.combine(u32(), u32(), optionalU32(), u32(), u256()).as(NewMiningJob::new),
                Combinators.combine(u32(), f32(), u256()).as(UpdateChannel::new),
                Combinators.combine(u32(), str()).as(UpdateChannelError::new),
                Combinators.combine(u32(), str()).as(CloseChannel::new),
                Combinators.combine(u32(), b032()).as(SetExtranoncePrefix::new),
                Combinators.combine(u32(), u32(), u32(), u32(), u32(), u32()).as(SubmitSharesStandard::new),
                Combinators.combine(u32(), u32(), u32(), Arbitraries.longs()).as(SubmitSharesSuccess::new),
                Combinators.combine(u32(), u32(), str()).as(SubmitSharesError::new),
                Combinators.combine(u32(), u32(), u256(), u32(), u32()).as(SetNewPrevHash::new),
                Combinators.combine(u32(), u256()).as(SetTarget::new),
                Combinators.combine(u32(), u32().list().ofMaxSize(40)).as(SetGroupChannel::new),
                Combinators.combine(u16(), u16List()).as(RequestExtensions::new),
                Combinators.combine(u16(), u16List()).as(RequestExtensionsSuccess::new),
                Combinators.combine(u16(), u16List(), u16List()).as(RequestExtensionsError::new),
                unsupported()));
    }

    private static Arbitrary<Sv2Message> setupConnection() {
        return Combinators.combine(
                        u8(), u16(), u16(), u32(), str(), u16(), str().list().ofSize(4))
                .as((protocol, min, max, flags, host, port, device) -> new SetupConnection(
                        protocol,
                        min,
                        max,
                        flags,
                        host,
                        port,
                        device.get(0),
                        device.get(1),
                        device.get(2),
                        device.get(3)));
    }

    private static Arbitrary<Sv2Message> unsupported() {
        List<MessageType> types = List.of(MessageType.values()).stream()
                .filter(type -> !type.fullySupported())
                .toList();
        return Combinators.combine(
                        Arbitraries.of(types),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(120))
                .as(UnsupportedMiningMessage::new);
    }

    static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, U32.MAX);
    }

    static Arbitrary<OptionalLong> optionalU32() {
        return u32().map(OptionalLong::of).injectNull(0.3).map(value -> value == null ? OptionalLong.empty() : value);
    }

    /** Any 32-bit pattern, NaNs and negative values included: F32 fields are not validated on the wire. */
    static Arbitrary<Float> f32() {
        return Arbitraries.integers().map(Float::intBitsToFloat);
    }

    static Arbitrary<U256> u256() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(U256::of);
    }

    static Arbitrary<Str0255> str() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(255).map(Str0255::ofBytes);
    }

    static Arbitrary<B032> b032() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(B032::of);
    }

    static Arbitrary<List<Integer>> u16List() {
        return u16().list().ofMaxSize(40);
    }
}
