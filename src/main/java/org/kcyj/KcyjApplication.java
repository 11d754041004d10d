package org.kcyj;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The programme management application: embedded Camunda engine, REST API and portal. */
@SpringBootApplication
public class KcyjApplication {

    public static void main(String[] args) {
        SpringApplication.run(KcyjApplication.class, args);
    }
}
