package dev.nsgaudit.load.arm;

/**
 * Counts, per thread, how often evaluation read the stand-in deployment context (the placeholder subscription,
 * resource group or deployment name), so that a name computed from it can be marked: the tool keeps such names for
 * consistent references, but Azure will give other ones. Callers compare {@link #count()} before and after.
 */
final class StandInUse {

    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial(() -> new int[1]);

    private StandInUse() {
    }

    /**
     * Counts a read of a stand-in value: {@code resourceGroup().id} or {@code .name}, {@code subscription().id} or
     * {@code .subscriptionId}, {@code deployment().name} of the entry deployment. Other members (the location, the
     * tenant) are not stand-ins: they are unresolved.
     */
    static void member(Expr.Call call, String member, DeploymentContext context) {
        String m = member.toLowerCase(java.util.Locale.ROOT);
        boolean standIn = switch (call.key()) {
            case "resourcegroup" -> m.equals("id") || m.equals("name");
            case "subscription" -> m.equals("id") || m.equals("subscriptionid");
            case "deployment" -> m.equals("name")
                    && context.deploymentName().equals(DeploymentContext.PLACEHOLDER_DEPLOYMENT);
            default -> false;
        };
        if (standIn) {
            touch();
        }
    }

    static void touch() {
        COUNT.get()[0]++;
    }

    static int count() {
        return COUNT.get()[0];
    }
}
