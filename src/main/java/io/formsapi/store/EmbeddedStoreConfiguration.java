package io.formsapi.store;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.ConnectionString;

/**
 * Zero-configuration default: without MONGODB_URI the API starts its own store in-process and connects to it
 * through the driver. With MONGODB_URI set, none of this exists and Boot connects to that URI.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${MONGODB_URI:}'.isBlank()")
public class EmbeddedStoreConfiguration {

    static final String DATABASE = "forms";

    @Bean(destroyMethod = "close")
    EmbeddedStore embeddedStore(StoreProperties properties) {
        return EmbeddedStore.start(properties);
    }

    @Bean
    MongoConnectionDetails embeddedStoreConnectionDetails(EmbeddedStore store) {
        ConnectionString connection = new ConnectionString(store.connectionString(DATABASE));
        return () -> connection;
    }
}
