package org.allot.api;

import java.util.List;

import com.pholser.junit.quickcheck.generator.GenerationStatus;
import com.pholser.junit.quickcheck.generator.Generator;
import com.pholser.junit.quickcheck.random.SourceOfRandomness;

/**
 * Random {@link Resources} for the property tests: scalars with three-decimal values (sometimes
 * zero, which must vanish), ranges and sets, in the default role and in named roles.
 *
 * <p>Each name has one kind, as in a real cluster, so that any two generated values can be added.
 * Ranges are drawn from the port space and set items from a hundred names so that two values
 * mostly, but not always, share nothing.
 */
public class ResourcesGenerator extends Generator<Resources> {

    private static final List<String> SCALARS = List.of("cpus", "mem", "disk", "gpus");
    private static final List<String> RANGES = List.of("ports", "ephemeral_ports");
    private static final List<String> SETS = List.of("disks", "devices");
    private static final List<String> ROLES = List.of("*", "*", "prod", "dev", "eng/web");

    public ResourcesGenerator() {
        super(Resources.class);
    }

    @Override
    public Resources generate(SourceOfRandomness random, GenerationStatus status) {
        Resources.Builder b = Resources.builder();
        int entries = random.nextInt(0, 6);
        for (int i = 0; i < entries; i++) {
            String role = random.choose(ROLES);
            switch (random.nextInt(0, 2)) {
                case 0:
                    long millis = random.nextInt(0, 9) == 0 ? 0 : random.nextLong(1, 100_000_000L);
                    b.add(Resource.scalarMillis(random.choose(SCALARS), role, millis));
                    break;
                case 1:
                    String name = random.choose(RANGES);
                    for (int n = random.nextInt(0, 3); n > 0; n--) {
                        long begin = random.nextLong(0, 65_000);
                        b.range(name, role, begin, begin + random.nextLong(0, 200));
                    }
                    break;
                default:
                    String[] items = new String[random.nextInt(0, 3)];
                    for (int n = 0; n < items.length; n++) {
                        items[n] = "d" + n + random.nextInt(0, 33);
                    }
                    b.setInRole(random.choose(SETS), role, items);
            }
        }
        return b.build();
    }
}
