import Foundation

extension WorkbookLoader {
    /// Assets the site could not hold as they are: files too large to copy, and names that
    /// differ only in letter case or Unicode normalisation, which become one file on macOS,
    /// Windows and most USB sticks, so one picture would silently replace the other.
    func assetProblems(_ assets: [String]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var first: [String: String] = [:]
        for asset in assets {
            let path = "content/assets/" + asset
            if let size = FileSystem.size(of: absolute(path)), size > FileSystem.maximumFileSize {
                found.append(.error(path, "is \(size / 1_048_576) MB, and the largest file Rebound copies is \(FileSystem.maximumFileSize / 1_048_576) MB; make it smaller or keep it outside content/"))
            }
            let key = asset.precomposedStringWithCanonicalMapping.lowercased()
            if let earlier = first[key] {
                found.append(.error(path, "has the same name as content/assets/\(earlier) but for letter case or accents; on most disks one would replace the other, so rename one of the two"))
            } else {
                first[key] = asset
            }
        }
        return found
    }
}
