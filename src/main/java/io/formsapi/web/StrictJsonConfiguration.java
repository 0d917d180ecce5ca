package io.formsapi.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean what they say. Numbers, booleans and text are never converted into one another (the
 * text-to-number direction and floats for integers are switched off in application.yml, under spring.jackson; a
 * number or boolean for text is refused here, which no property covers), and no string, property value or map
 * key, may hold an unpaired surrogate, which Jackson would otherwise pass on to be stored.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("well-formed-strings")
                        .addDeserializer(String.class, new WellFormedStrings())
                        .addKeyDeserializer(String.class, new WellFormedKeys()));
    }

    /** The standard string deserializer (with its coercion rules), refusing unpaired surrogates. */
    private static final class WellFormedStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && !PrintableText.wellFormed(text)) {
                throw context.weirdStringException(text, String.class, "contains an unpaired surrogate");
            }
            return text;
        }
    }

    private static final class WellFormedKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            if (!PrintableText.wellFormed(key)) {
                throw context.weirdKeyException(String.class, key, "contains an unpaired surrogate");
            }
            return key;
        }
    }
}
