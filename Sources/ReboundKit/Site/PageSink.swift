/// Where rendered pages go: into memory (`MemorySink`), or onto disk through an output session.
public protocol PageSink: Sendable {
    /// What the sink gives back for a batch of pages.
    associatedtype Receipt: Sendable

    /// Takes finished files.
    func put(_ files: [OutputFile]) -> Receipt

    /// Takes one large file in pieces: `produce` calls `emit` with each piece as it is made.
    func stream(_ path: String, _ produce: (_ emit: @escaping ([UInt8]) -> Void) -> Void) -> Receipt
}

/// Keeps every page in memory, for tests and for callers that want the files themselves.
public struct MemorySink: PageSink {
    public init() {}

    public func put(_ files: [OutputFile]) -> [OutputFile] { files }

    public func stream(_ path: String, _ produce: (_ emit: @escaping ([UInt8]) -> Void) -> Void) -> [OutputFile] {
        var bytes: [UInt8] = []
        produce { bytes += $0 }
        return [OutputFile(path: path, bytes: bytes)]
    }
}
