package org.nerava.rest.internal.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The paths the runtime serves and those of resources that left: while a path's resource is away (for a grace after
 * it left) a request for it is told {@code 503 feature_unavailable}, not 404, unless a resource still served claims
 * it as specifically. A resource that comes back takes its paths back; one that stays away past the grace is
 * forgotten and its paths answer 404 again.
 */
final class RouteMemory {

    private final Clock clock;
    private final Object lock = new Object();
    /** Resources that left: a build that read them just before they went must not count them as served. */
    private final Set<Object> departed = Collections.newSetFromMap(new WeakHashMap<>());
    private Map<Route, Instant> awaySince = Map.of();
    /** Read by every request: swapped whole, never changed in place. */
    private volatile Set<Route> away = Set.of();
    private volatile Set<Route> served = Set.of();
    private volatile Duration grace;

    RouteMemory(Clock clock, Duration grace) {
        this.clock = clock;
        this.grace = grace;
    }

    void grace(Duration absentRouteGrace) {
        grace = absentRouteGrace;
    }

    /** A resource is leaving: its paths are away from now on, until an application serving them again is current. */
    void departed(Object resource) {
        Set<Route> routes = Route.of(resource.getClass());
        synchronized (lock) {
            departed.add(resource);
            Map<Route, Instant> next = new HashMap<>(unexpired());
            Instant now = clock.instant();
            Set<Route> stillServed = servedWithout(routes);
            for (Route route : routes) {
                if (!stillServed.contains(route)) {
                    next.put(route, now);
                }
            }
            publish(next, stillServed);
        }
    }

    /** An application serving these resources is current now. */
    void serving(Collection<Object> resources) {
        Set<Route> routes = new HashSet<>();
        synchronized (lock) {
            for (Object resource : resources) {
                if (!departed.contains(resource)) {
                    routes.addAll(Route.of(resource.getClass()));
                }
            }
            Map<Route, Instant> next = new HashMap<>(unexpired());
            next.keySet().removeAll(routes);
            publish(next, routes);
        }
    }

    /** True when this path belongs to a resource that is away (and within the grace), not to one served now. */
    boolean isAway(String path) {
        Set<Route> candidates = away;
        if (candidates.isEmpty()) {
            return false; // the common case: costs one volatile read
        }
        int awayMatch = bestMatch(candidates, path);
        if (awayMatch < 0 || expired(path)) {
            return false;
        }
        return awayMatch > bestMatch(served, path);
    }

    /** The paths away now, for the log and the tests. */
    Set<Route> away() {
        synchronized (lock) {
            return Set.copyOf(unexpired().keySet());
        }
    }

    private boolean expired(String path) {
        synchronized (lock) {
            Map<Route, Instant> live = unexpired();
            if (live.size() != awaySince.size()) {
                publish(new HashMap<>(live), served);
            }
            return live.keySet().stream().noneMatch(route -> route.matches(path));
        }
    }

    private Map<Route, Instant> unexpired() {
        Instant oldest = clock.instant().minus(grace);
        Map<Route, Instant> live = new HashMap<>();
        awaySince.forEach((route, since) -> {
            if (since.isAfter(oldest)) {
                live.put(route, since);
            }
        });
        return live;
    }

    private Set<Route> servedWithout(Set<Route> leaving) {
        Set<Route> rest = new HashSet<>(served);
        rest.removeAll(leaving);
        return rest;
    }

    private void publish(Map<Route, Instant> nextAway, Set<Route> nextServed) {
        awaySince = Map.copyOf(nextAway);
        served = Set.copyOf(nextServed);
        away = Set.copyOf(nextAway.keySet());
    }

    /** The literal characters of the most specific route matching the path, or -1 when none does. */
    private static int bestMatch(Set<Route> routes, String path) {
        int best = -1;
        for (Route route : routes) {
            if (route.literalCharacters() > best && route.matches(path)) {
                best = route.literalCharacters();
            }
        }
        return best;
    }
}
