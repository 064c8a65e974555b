package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.allot.api.Resources;
import org.junit.Test;

/** The role keys of the master's configuration: {@code role.<name>.weight|priority|guarantee}, both ways. */
public class RoleConfigTest {

    @Test
    public void eachKeySetsItsSettingAndOtherKeysAreIgnored() {
        RoleConfig r = RoleConfig.fromProperties(Map.of(
                "role.prod.weight", "2",
                "role.prod.priority", "10",
                "role.prod.guarantee", "cpus:8;mem:16384",
                "role.team.eu.weight", 0.5,          // Config Admin hands over typed values too
                "role.batch.priority", -3,
                "port", "5050"));
        assertEquals(Map.of("prod", 2.0, "team.eu", 0.5), r.weights());
        assertEquals(Map.of("prod", 10, "batch", -3), r.priorities());
        assertEquals(Map.of("prod", Resources.parse("cpus:8;mem:16384")), r.guarantees());
    }

    @Test
    public void toPropertiesAndBackIsTheSame() {
        RoleConfig r = RoleConfig.NONE.withWeight("prod", 2.5).withPriority("prod", 7)
                .withGuarantee("prod", Resources.parse("cpus:2;mem:1024")).withPriority("batch", 0);
        Map<String, String> props = r.toProperties();
        assertEquals(Map.of("role.prod.weight", "2.5", "role.prod.priority", "7", "role.batch.priority", "0",
                "role.prod.guarantee", "cpus:2;mem:1024"), props);
        assertEquals(r, RoleConfig.fromProperties(props));
        assertEquals(RoleConfig.NONE.withWeight("prod", 2.5).withPriority("prod", 7).withPriority("batch", 0),
                r.withoutGuarantee("prod"));
    }

    @Test
    public void badKeysAndValuesAreNamed() {
        assertEquals("invalid master setting role.prod.weight=-1: invalid weight -1.0 for role prod: it must be"
                + " finite and positive", message(Map.of("role.prod.weight", "-1")));
        assertEquals("invalid master setting role.prod.priority=high: 'high' is not a whole number",
                message(Map.of("role.prod.priority", "high")));
        assertEquals("invalid master setting role.prod.share=1: it is none of role.<name>.weight,"
                + " role.<name>.priority, role.<name>.guarantee", message(Map.of("role.prod.share", "1")));
        assertEquals("invalid master setting role..weight=1: invalid role '': give a role name without whitespace",
                message(Map.of("role..weight", "1")));
        assertEquals("invalid master setting role.prod.guarantee=: a guarantee must guarantee something, e.g."
                + " cpus:8;mem:16384; to remove one, use guarantee-remove", message(Map.of("role.prod.guarantee", "")));
    }

    @Test
    public void theLauncherAcceptsRoleKeysBesideItsOwn() {
        Map<String, String> keys = Map.of("port", "0", "role.prod.guarantee", "cpus:1", "revocation.delay.ms", "2000");
        assertEquals(0, MasterSettings.fromProperties(keys).port());
        assertEquals(java.time.Duration.ofSeconds(2), MasterSettings.fromProperties(keys).revocationDelay());
        assertEquals(Map.of("prod", Resources.parse("cpus:1")), MasterSettings.roles(keys).guarantees());
    }

    private static String message(Map<String, ?> props) {
        return assertThrows(IllegalArgumentException.class, () -> RoleConfig.fromProperties(props)).getMessage();
    }
}
