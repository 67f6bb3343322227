import CCMark

/// The memory allocator's settings for a process that builds sites.
public enum Heap {
    /// Lets each thread's heap be made whole at once, rather than grown page run by page run
    /// while the other threads wait on the locked memory map: a tenth faster rebuild at 10,000
    /// entries, for about 17 MB more resident at the peak. Call it once, before building.
    public static func growInLargeSteps() {
        rebound_grow_heaps_in_large_steps()
    }
}
