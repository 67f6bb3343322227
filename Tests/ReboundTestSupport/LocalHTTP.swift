import Foundation
#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
import Darwin
private let streamSocket = SOCK_STREAM
#endif

/// A plain HTTP/1.1 client over a raw socket to 127.0.0.1, so a test can send a request
/// target exactly as written (`/../../etc/passwd`, `/%2e%2e/…`); URLSession would normalise it.
public enum LocalHTTP {
    public struct Response: Sendable, CustomStringConvertible {
        public var status: Int
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: String

        public var description: String { "HTTP \(status) \(headers)\n\(body.prefix(2000))" }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A port on 127.0.0.1 that nothing listens on right now: the system picks it for a
    /// socket bound to port 0, which is then closed.
    public static func freePort() throws -> UInt16 {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Sends `method target` to 127.0.0.1:`port` with `Connection: close` and reads the whole
    /// response; every socket operation gives up after `timeout` seconds.
    public static func request(_ target: String, port: UInt16, method: String = "GET", timeout: Int = 30) throws -> Response {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to 127.0.0.1:\(port): errno \(errno)") }
        let request = Array("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw Failure(description: "send: \(errno)") }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw Failure(description: "no complete response from \(target) within \(timeout) s (errno \(errno))") }
            if count == 0 { break }
            received += buffer[0..<count]
            if let response = parse(received, method: method), response.complete { return response.value }
        }
        guard let response = parse(received, method: method) else {
            throw Failure(description: "not an HTTP response: \(String(decoding: received.prefix(200), as: UTF8.self))")
        }
        return response.value
    }

    /// `request` on a thread of its own, so waiting for the reply never blocks Swift's few
    /// cooperative threads, which an in-process server needs in order to answer.
    public static func fetch(_ target: String, port: UInt16, method: String = "GET", timeout: Int = 30) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try request(target, port: port, method: method, timeout: timeout) })
            }
        }
    }

    /// Status, headers and body once the head has arrived; complete when Content-Length bytes followed.
    private static func parse(_ bytes: [UInt8], method: String) -> (value: Response, complete: Bool)? {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = (0...max(0, bytes.count - 4)).first(where: { bytes.count >= 4 && Array(bytes[$0..<$0 + 4]) == separator }) else { return nil }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(bytes[(end + 4)...])
        let length = headers["content-length"].flatMap { Int($0) }
        let complete = method == "HEAD" || length.map { body.count >= $0 } ?? false
        return (Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self)), complete)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
