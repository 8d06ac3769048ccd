package dev.togglbff.vault;

/**
 * What one run of the master-key rotation did.
 *
 * @param rewrapped      records whose data key was re-wrapped under the current master key
 * @param alreadyCurrent records already wrapped by the current master key
 * @param failed         records that could not be unwrapped (unknown master key or altered data)
 */
record RotationResult(int rewrapped, int alreadyCurrent, int failed) {

    boolean succeeded() {
        return failed == 0;
    }

    @Override
    public String toString() {
        return "re-wrapped " + rewrapped + ", already current " + alreadyCurrent + ", failed " + failed;
    }
}
