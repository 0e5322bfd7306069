package dev.interpolationlab.trainer.messaging;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * One setting picks the dispatch: the consumer-group channel ({@link ConsumerGroupDispatch}) is enabled exactly
 * when {@code lab.trainer.dispatch} is {@code consumer-group}, so that a share-group trainer never joins the
 * consumer group as well (and never takes its partitions from consumer-group trainers).
 */
public class DispatchChannel implements ConfigSourceInterceptor {

    static final String CHANNEL_ENABLED = "mp.messaging.incoming.run-requests.enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!CHANNEL_ENABLED.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue dispatch = context.proceed("lab.trainer.dispatch");
        boolean consumerGroup = dispatch != null && "consumer-group".equals(dispatch.getValue());
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(consumerGroup)).build();
    }
}
