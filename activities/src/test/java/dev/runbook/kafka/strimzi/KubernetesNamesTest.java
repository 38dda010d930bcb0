package dev.runbook.kafka.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KubernetesNamesTest {

  @Test
  void keepsANameThatIsAlreadyValid() {
    assertEquals("orders.v1-eu", KubernetesNames.forTopic("orders.v1-eu"));
  }

  @Test
  void foldsAndSuffixesSoThatDifferentTopicsNeverShareAResource() {
    String upper = KubernetesNames.forTopic("Orders");
    String underscore = KubernetesNames.forTopic("orders_");

    assertEquals("orders-" + KubernetesNamesTestSupport.digestOf("Orders"), upper);
    assertNotEquals(upper, KubernetesNames.forTopic("ORDERS"));
    assertEquals("orders-" + KubernetesNamesTestSupport.digestOf("orders_"), underscore);
  }

  @Test
  void staysWithinTheKubernetesLengthLimit() {
    String name = KubernetesNames.forTopic("A".repeat(249));

    assertEquals(253, name.length());
    assertTrue(name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"));
  }
}
