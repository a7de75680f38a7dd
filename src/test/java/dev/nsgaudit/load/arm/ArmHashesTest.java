package dev.nsgaudit.load.arm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nsgaudit.load.arm.ArmTestSupport.scope;
import static dev.nsgaudit.load.arm.ArmTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * uniqueString() and guid() against published values. uniqueString: "tyeth" and the resource group id below come
 * from tests that call Microsoft's own Azure.Deployments.Expression library (StackOverflow question 43295720 and
 * the AzureNaming project's TestArmFunctions); "test", "test","test2","test3" from the arm2tf Terraform provider's
 * tests; "hello","world" with its 64-bit hash from the go-azure-uniquestring README; "abc", the zero-subscription
 * group and "foo","bar","baz" from the uniquestring.sh test list. guid: no value produced by Azure itself was found;
 * the expected values are those of independent re-implementations (UUID v5, namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830, arguments joined by '-'), so guid() is not verified against ARM.
 */
class ArmHashesTest {

    @Test
    void uniqueStringMatchesPublishedValues() {
        assertThat(ArmHashes.uniqueString(List.of("tyeth"))).isEqualTo("zcztcwvu6iyg6");
        assertThat(ArmHashes.uniqueString(List.of(
                "/subscriptions/3c7f956b-55ee-4686-9d30-da1eb631dc59/resourceGroups/rg-devopsshieldek010dev")))
                .isEqualTo("fd63l2gacbtca");
        assertThat(ArmHashes.uniqueString(List.of("test"))).isEqualTo("rbgf3xv4ufgzg");
        assertThat(ArmHashes.uniqueString(List.of("test", "test2", "test3"))).isEqualTo("bqgd334z2uj64");
        assertThat(ArmHashes.uniqueString(List.of("hello", "world"))).isEqualTo("a7wkljktk6wne");
        assertThat(ArmHashes.uniqueString(List.of("abc"))).isEqualTo("cgtzqvhu4i23s");
        assertThat(ArmHashes.uniqueString(List.of(
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg")))
                .isEqualTo("bmg7c6xu4tw46");
        assertThat(ArmHashes.uniqueString(List.of("foo", "bar", "baz"))).isEqualTo("xzi4ioaxtmth4");
    }

    @Test
    void murmurHashMatchesThePublishedIntermediate() {
        assertThat(ArmHashes.murmur64("hello-world".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(571013382255652050L);
    }

    @Test
    void uniqueStringCoversEveryTailLength() {
        // Lengths 0..17 exercise every tail branch; the values only have to be stable and well formed.
        for (int n = 0; n <= 17; n++) {
            String u = ArmHashes.uniqueString(List.of("x".repeat(n)));
            assertThat(u).hasSize(13).matches("[a-z2-7]{13}");
        }
    }

    @Test
    void uniqueStringInAnExpression() {
        assertThat(text("[uniqueString('hello', 'world')]")).isEqualTo("a7wkljktk6wne");
        DeploymentContext ctx = DeploymentContext.defaults().withResourceGroupName("my-rg");
        assertThat(ArmTestSupport.eval(scope("{}", java.util.Map.of(), ctx), "[uniqueString(resourceGroup().id)]")
                .textValue()).isEqualTo("bmg7c6xu4tw46");
    }

    @Test
    void guidIsAVersion5UuidInArmsNamespace() {
        // Values of independent re-implementations, NOT confirmed against Azure (see class comment).
        assertThat(ArmHashes.guid(List.of("hello"))).isEqualTo("520f8434-fe3a-5d99-888d-450a827486a1");
        assertThat(ArmHashes.guid(List.of("hello", "world"))).isEqualTo("a5b868f8-11fe-567a-ace0-e77cc87f104e");
        assertThat(ArmHashes.guid(List.of("world", "hello"))).isEqualTo("b1db13b3-4ca6-5782-bf9e-8495c3532f9d");
        assertThat(text("[guid('hello', 'world')]")).isEqualTo("a5b868f8-11fe-567a-ace0-e77cc87f104e");
    }
}
