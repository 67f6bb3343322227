import Foundation

/// The cores the process may run on, asked once: the answer is read from the system's files.
private let activeCores = ProcessInfo.processInfo.activeProcessorCount

extension Collection where Element: Sendable, Index == Int {
    /// Maps over every core in contiguous chunks (about thirty-two per core unless `chunk` is
    /// given), keeping the order of the input. Small chunks keep the cores busy to the end: with
    /// four per core, decoding 10,000 entries ended on one core for a tenth of a second.
    func concurrentMap<Result: Sendable>(chunk: Int? = nil, _ transform: @escaping @Sendable (Element) -> Result) async -> [Result] {
        let cores = activeCores
        guard count > 1, cores > 1 else { return map(transform) }
        let chunkSize = chunk ?? Swift.max(1, (count + cores * 32 - 1) / (cores * 32))
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for start in stride(from: startIndex, to: endIndex, by: chunkSize) {
                let chunk = Array(self[start..<Swift.min(start + chunkSize, endIndex)])
                group.addTask { (start, chunk.map(transform)) }
            }
            var parts: [(Int, [Result])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
