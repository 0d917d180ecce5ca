package io.formsapi.store;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.OpCode;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes OP_MSG replies as the library's {@link MongoWireMessageEncoder} does, the same bytes, but writes arrays
 * straight from their elements: the library copies each array into a map keyed by its indexes first, which made
 * encoding a reply of a few thousand values the most expensive step of a search's candidate read. Scalars are
 * written by the library's own encoder.
 */
final class ReplyEncoder extends MessageToByteEncoder<MongoMessage> {

    /** Puts this encoder in place of the library's on the connection, once; later calls find it there. */
    static void install(Channel channel) {
        if (channel == null) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(MongoWireMessageEncoder.class) != null) {
            pipeline.replace(MongoWireMessageEncoder.class, ReplyEncoder.class.getSimpleName(), new ReplyEncoder());
        }
    }

    @Override
    protected void encode(ChannelHandlerContext context, MongoMessage message, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        out.writeIntLE(message.getHeader().getRequestID());
        out.writeIntLE(message.getHeader().getResponseTo());
        out.writeIntLE(OpCode.OP_MSG.getId());
        out.writeIntLE(message.getFlags());
        out.writeByte(MongoMessage.SECTION_KIND_BODY);
        try {
            writeDocument(message.getDocument(), out);
        } catch (RuntimeException e) {
            // as the library does: a reply that cannot be written leaves the connection in no state to continue
            context.channel().close();
            throw e;
        }
        out.setIntLE(start, out.writerIndex() - start);
    }

    static void writeDocument(Map<String, ?> document, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        for (Map.Entry<String, ?> field : document.entrySet()) {
            writeElement(field.getKey(), field.getValue(), out);
        }
        finish(start, out);
    }

    private static void writeArray(Object array, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        int index = 0;
        for (Object element : (Collection<?>) array) {
            byte type = BsonEncoder.determineType(element);
            out.writeByte(type);
            writeIndex(index++, out);
            out.writeByte(BsonConstants.STRING_TERMINATION);
            writeValue(type, element, out);
        }
        finish(start, out);
    }

    private static void writeElement(String key, Object value, ByteBuf out) {
        byte type = BsonEncoder.determineType(value);
        out.writeByte(type);
        out.writeCharSequence(key, StandardCharsets.UTF_8);
        out.writeByte(BsonConstants.STRING_TERMINATION);
        writeValue(type, value, out);
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(byte type, Object value, ByteBuf out) {
        switch (type) {
            case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> writeDocument((Map<String, ?>) value, out);
            case BsonConstants.TYPE_ARRAY -> writeArray(value, out);
            default -> BsonEncoder.encodeValue(type, value, out);
        }
    }

    /** An array's keys are its indexes in decimal. */
    private static void writeIndex(int index, ByteBuf out) {
        if (index >= 10) {
            writeIndex(index / 10, out);
        }
        out.writeByte('0' + index % 10);
    }

    private static void finish(int start, ByteBuf out) {
        out.writeByte(BsonConstants.TERMINATING_BYTE);
        out.setIntLE(start, out.writerIndex() - start);
    }
}
