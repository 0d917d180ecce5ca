package io.formsapi.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded store, used when MONGODB_URI is unset.
 *
 * @param dataDir     where the MVStore file lives; data survives restarts
 * @param cacheSizeMb MVStore page cache: queries read their documents from it, so the working set should fit
 * @param port        loopback port to listen on; 0 picks a free one
 */
@ConfigurationProperties("forms.store")
public record StoreProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("256") int cacheSizeMb,
        @DefaultValue("0") int port) {
}
