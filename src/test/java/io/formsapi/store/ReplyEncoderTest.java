package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/** The replies it writes are byte for byte the ones the library's encoder writes. */
class ReplyEncoderTest {

    @Test
    void writesTheLibrarysBytes() {
        List<Object> ids = new ArrayList<>();
        List<Object> counts = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            ids.add(new ObjectId());
            counts.add(i % 7 == 0 ? null : i);
        }
        Document row = new Document("_id", null).append("ids", ids).append("counts", counts)
                .append("nested", List.of(List.of(), List.of("a", new Document("é", "ü")), Set.of(3L)))
                .append("scalars", new Document("double", 1.5).append("long", 5L).append("true", true)
                        .append("false", false).append("instant", Instant.parse("2026-03-01T10:15:30.123Z"))
                        .append("bytes", new BinData(new byte[] {1, 2, 3})).append("uuid", UUID.randomUUID())
                        .append("decimal", Decimal128.ONE).append("empty", new Document()));
        Document reply = new Document("cursor", new Document("firstBatch", List.of(row)).append("id", 0L)
                .append("ns", "forms.responses")).append("ok", 1.0);

        assertThat(written(new ReplyEncoder(), reply)).isEqualTo(written(new MongoWireMessageEncoder(), reply));
    }

    @Test
    void takesTheLibrarysPlaceOnceOnAConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new MongoWireMessageEncoder());

        ReplyEncoder.install(channel);
        ReplyEncoder.install(channel);

        assertThat(channel.pipeline().get(MongoWireMessageEncoder.class)).isNull();
        assertThat(channel.pipeline().toMap().values()).filteredOn(ReplyEncoder.class::isInstance).hasSize(1);
    }

    private static String written(ChannelHandler encoder, Document document) {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.writeOutbound(new MongoMessage(channel, new MessageHeader(7, 42), document));
        ByteBuf bytes = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(bytes);
        } finally {
            bytes.release();
        }
    }
}
