package io.provtest.gateway.console;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console's static files (META-INF/resources/console) are served by Quarkus itself; this only sends the bare
 * {@code /console} to {@code /console/}, so the page's relative script and style links resolve under the folder.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String FOLDER = "/console/";

    void register(@Observes Router router) {
        router.getWithRegex("^/console$").handler(rc -> rc.response().setStatusCode(302)
                .putHeader("Location", FOLDER).end());
    }
}
