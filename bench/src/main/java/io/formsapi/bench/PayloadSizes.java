package io.formsapi.bench;

import io.formsapi.cache.codec.Compression;
import io.formsapi.cache.codec.ValueCodec;

/**
 * Prints, as a Markdown table, the JSON size of each benchmark payload and its stored size under each compression.
 * {@code java -cp target/benchmarks.jar io.formsapi.bench.PayloadSizes}
 */
public final class PayloadSizes {

    private PayloadSizes() {
    }

    public static void main(String[] args) {
        StringBuilder header = new StringBuilder("| payload | JSON bytes |");
        StringBuilder rule = new StringBuilder("| --- | ---: |");
        for (Compression compression : Compression.values()) {
            header.append(' ').append(compression).append(" bytes (ratio) |");
            rule.append(" ---: |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (String payload : Payloads.ALL) {
            byte[] json = Payloads.json(payload);
            StringBuilder row = new StringBuilder("| ").append(payload).append(" | ").append(json.length).append(" |");
            for (Compression compression : Compression.values()) {
                int stored = new ValueCodec(compression).encode(json).length;
                row.append(String.format(" %d (%.2f) |", stored, (double) json.length / stored));
            }
            System.out.println(row);
        }
    }
}
