package org.kcyj.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;

/**
 * Gives the password sign-in (every {@link DaoAuthenticationProvider} of the application) the service that stores
 * a re-hashed password: after a successful sign-in with a hash of an older scheme (bcrypt), the provider hashes the
 * password just checked with the current scheme (Argon2) and this stores it.
 */
@Configuration(proxyBeanMethods = false)
class PasswordUpgradeRegistration {

    @Bean
    static BeanPostProcessor passwordUpgradeOnSignIn(ObjectProvider<AccountUserDetailsService> accounts) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DaoAuthenticationProvider provider) {
                    UserDetailsPasswordService upgrade = (user, newHash) -> {
                        AccountUserDetailsService service = accounts.getIfAvailable();
                        return service == null ? User.withUserDetails(user).password(newHash).build()
                                : service.updatePassword(user, newHash);
                    };
                    provider.setUserDetailsPasswordService(upgrade);
                }
                return bean;
            }
        };
    }
}
