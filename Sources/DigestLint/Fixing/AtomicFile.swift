import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file's contents atomically: the new bytes go to a temporary file in the same folder,
/// which is flushed, given the original's permissions and renamed over it. A failure at any step
/// removes the temporary file and leaves the original as it was.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): cannot write the fixed file: \(message)" }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws {
        // Write through a symbolic link to its target rather than replacing the link.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var st = stat()
        let existing = stat(target, &st) == 0
        let dir = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var template = Array(((dir.isEmpty ? "." : dir) + "/." + name + ".digestlint-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, message: String(cString: strerror(errno))) }
        let tmp = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        func fail(_ what: String) -> WriteError { WriteError(path: path, message: "\(what): \(String(cString: strerror(errno)))") }
        var written = 0
        let result: Int32 = bytes.withUnsafeBytes { buf -> Int32 in
            while written < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 { if errno == EINTR { continue }; return -1 }
                written += n
            }
            return 0
        }
        if result != 0 { let e = fail("write"); close(fd); throw e }
        let mode = existing ? st.st_mode & 0o7777 : 0o644
        if fchmod(fd, mode) != 0 { let e = fail("chmod"); close(fd); throw e }
        if existing { _ = fchown(fd, st.st_uid, st.st_gid) } // best effort: only root may change the owner
        if fsync(fd) != 0 { let e = fail("fsync"); close(fd); throw e }
        if close(fd) != 0 { throw fail("close") }
        if rename(tmp, target) != 0 { throw fail("rename") }
        ok = true
    }
}
