package io.formsapi.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * lz4-java's JNI binding against its pure Java port, on the codec's payloads, without the codec around them: what
 * LZ4 costs where the native library does not load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class Lz4ImplementationBenchmark {

    @Param({"JNI", "JavaSafe"})
    public String implementation;

    @Param({Payloads.FORM_SCHEMA, Payloads.SEARCH_PAGE, Payloads.WIDGET_LATEST, Payloads.WIDGET_TIMESERIES})
    public String payload;

    private LZ4Compressor compressor;
    private LZ4SafeDecompressor decompressor;
    private byte[] json;
    private byte[] compressed;
    private int compressedLength;
    private byte[] output;

    @Setup
    public void setUp() {
        LZ4Factory factory = implementation.equals("JNI") ? LZ4Factory.nativeInstance() : LZ4Factory.safeInstance();
        compressor = factory.fastCompressor();
        decompressor = factory.safeDecompressor();
        json = Payloads.json(payload);
        compressed = new byte[compressor.maxCompressedLength(json.length)];
        compressedLength = compressor.compress(json, 0, json.length, compressed, 0, compressed.length);
        output = new byte[json.length];
    }

    @Benchmark
    public int compress() {
        return compressor.compress(json, 0, json.length, compressed, 0, compressed.length);
    }

    @Benchmark
    public int decompress() {
        return decompressor.decompress(compressed, 0, compressedLength, output, 0, output.length);
    }
}
