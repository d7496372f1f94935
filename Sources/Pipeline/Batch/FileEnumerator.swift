import Foundation

/// One input found by ``FileEnumerator``: a regular file to process, or a path that could
/// not be read (reported as a per-item error, never fatal to the batch).
public struct FileItem: Sendable, Equatable {
    public let path: String
    /// Why the path cannot be processed, if it can't.
    public let problem: String?

    public init(path: String, problem: String? = nil) {
        self.path = path
        self.problem = problem
    }
}

/// Expands command-line paths into the regular files under them, recursively, in a stable
/// (sorted) order. Symbolic links to files are followed; links to directories are not, so a
/// link cycle cannot make a walk endless. Hidden files are included: an input set is
/// whatever the user pointed at.
public struct FileEnumerator: Sendable {
    public init() {}

    /// The files under `paths`, in order: each argument in turn, directories walked depth-first
    /// by name.
    public func files(under paths: [String]) -> [FileItem] {
        var items: [FileItem] = []
        for path in paths { collect(path, isArgument: true, into: &items) }
        return items
    }

    private func collect(_ path: String, isArgument: Bool, into items: inout [FileItem]) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            items.append(FileItem(path: path, problem: String(cString: strerror(errno))))
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            items.append(FileItem(path: path))
        case S_IFDIR:
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                items.append(FileItem(path: path, problem: "cannot list directory: \(error.localizedDescription)"))
                return
            }
            for entry in entries {
                collect(path.hasSuffix("/") ? path + entry : path + "/" + entry, isArgument: false, into: &items)
            }
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else {
                items.append(FileItem(path: path, problem: "broken symbolic link"))
                return
            }
            if target.st_mode & S_IFMT == S_IFREG {
                items.append(FileItem(path: path))
            } else if target.st_mode & S_IFMT == S_IFDIR && isArgument {
                // A link named on the command line is what the user asked for.
                collect(path + "/", isArgument: false, into: &items)
            }
        default:
            if isArgument { items.append(FileItem(path: path, problem: "not a regular file")) }
        }
    }
}
