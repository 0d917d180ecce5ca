package io.formsapi.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.formsapi.cache.codec.Compression;
import io.formsapi.cache.codec.CorruptValueException;
import io.formsapi.cache.codec.ValueCodec;

/**
 * Time to encode and to decode one cached value, per compression and payload, with the codec's default threshold
 * (1 KiB) and maximum (8 MiB). Each trial also prints the stored size of its payload ("[size]" lines).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class CodecBenchmark {

    @Param({"NONE", "GZIP", "LZ4", "ZSTD"})
    public Compression compression;

    @Param({Payloads.FORM_SCHEMA, Payloads.SEARCH_PAGE, Payloads.WIDGET_LATEST, Payloads.WIDGET_TIMESERIES})
    public String payload;

    private ValueCodec codec;
    private byte[] json;
    private byte[] stored;

    @Setup(Level.Trial)
    public void setUp() throws CorruptValueException {
        codec = new ValueCodec(compression);
        json = Payloads.json(payload);
        stored = codec.encode(json);
        if (!Arrays.equals(codec.decode(stored), json)) {
            throw new IllegalStateException("round trip failed for " + payload + " with " + compression);
        }
        System.out.printf("%n[size] payload=%s compression=%s json=%d stored=%d ratio=%.2f%n", payload, compression,
                json.length, stored.length, (double) json.length / stored.length);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(json);
    }

    @Benchmark
    public byte[] decode() throws CorruptValueException {
        return codec.decode(stored);
    }
}
