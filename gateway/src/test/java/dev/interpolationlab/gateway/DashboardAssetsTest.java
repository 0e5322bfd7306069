package dev.interpolationlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.infra.LabInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is served by the gateway itself, with every script and stylesheet it loads: a version bump of the
 * uPlot webjar that forgets index.html, or a file left out of the jar, fails here (the browser tests in lab-cli's
 * EndToEndIT check what the page then shows).
 */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class DashboardAssetsTest {

    @Test
    void everyAssetTheDashboardLoadsIsServedByTheGatewayItself() {
        String html = given().get("/").then().statusCode(200).contentType(startsWith("text/html")).extract().asString();
        List<String> assets = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"#]+\\.(?:js|css))\"").matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertEquals(4, assets.size(), "uPlot's script and stylesheet, the dashboard's script and stylesheet: " + assets);
        for (String asset : assets) {
            assertTrue(asset.startsWith("/"), "loaded from the gateway, never from another host: " + asset);
            String body = given().get(asset).then().statusCode(200).extract().asString();
            assertTrue(body.length() > 500, asset + " is served whole");
        }
        given().get("/dashboard.js").then().body(containsString("EventSource"));
    }
}
