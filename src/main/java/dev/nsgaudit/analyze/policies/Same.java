package dev.nsgaudit.analyze.policies;

/**
 * A map key that compares an object by identity: endpoints are resolved once into lists of places, and what is kept
 * per list is found again by the list itself (comparing lists element by element would cost more than it saves).
 */
record Same(Object o) {
    @Override
    public boolean equals(Object other) {
        return other instanceof Same s && s.o == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(o);
    }
}
