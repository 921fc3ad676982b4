package org.reservegrid.sv2.netty.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Stands in for the business handler: records user events and passes messages on to the channel's inbound queue. */
final class EventRecorder extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        events.add(event);
        ctx.fireUserEventTriggered(event);
    }

    List<Sv2ProtocolErrorEvent> protocolErrors() {
        return events.stream()
                .filter(Sv2ProtocolErrorEvent.class::isInstance)
                .map(Sv2ProtocolErrorEvent.class::cast)
                .toList();
    }
}
