/// How risky one pickle import is.
public enum PickleImportSafety: String, Sendable, Codable, Hashable, Comparable {
    /// On the allow list of types a PyTorch/NumPy checkpoint legitimately needs.
    case innocuous
    /// Neither allowed nor known to be dangerous: a person should look.
    case suspicious
    /// Can run code, touch files or the network, or could not be resolved statically.
    case dangerous

    private var rank: Int { self == .innocuous ? 0 : self == .suspicious ? 1 : 2 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// An import with its classification.
public struct ClassifiedPickleImport: Sendable, Codable, Hashable {
    /// The imported module.
    public var module: String
    /// The imported attribute.
    public var name: String
    /// How risky it is.
    public var safety: PickleImportSafety
}

/// Classifies pickle imports with the same allow and deny lists as picklescan 1.0.5
/// (`_safe_globals`, `_unsafe_globals`), so verdicts agree with the tool model hubs run.
///
/// A module marked wholly dangerous (`*`) also makes its submodules dangerous; an import
/// whose module or name contains `unknown` (unresolvable STACK_GLOBAL) is dangerous.
public struct PickleImportClassifier: Sendable {
    /// Names allowed or denied in one module: every name (`*`) or a set.
    public enum Names: Sendable, Hashable {
        case all
        case some(Set<String>)

        func contains(_ name: String) -> Bool {
            switch self {
            case .all: true
            case let .some(names): names.contains(name)
            }
        }
    }

    /// Module -> allowed names.
    public var safe: [String: Names]
    /// Module -> dangerous names.
    public var unsafe: [String: Names]

    /// The picklescan lists, plus `extraSafe` entries given as `module.name` or `module:*`... pairs.
    public init(extraSafe: [PickleImport] = []) {
        safe = Self.defaultSafe
        unsafe = Self.defaultUnsafe
        for item in extraSafe {
            if item.name == "*" { safe[item.module] = .all; continue }
            if case var .some(names) = safe[item.module] ?? .some([]) {
                names.insert(item.name)
                safe[item.module] = .some(names)
            }
        }
    }

    /// The classification of one import.
    public func classify(_ item: PickleImport) -> PickleImportSafety {
        if item.module.contains("unknown") || item.name.contains("unknown") { return .dangerous }
        var deny = unsafe[item.module]
        if deny == nil, item.module.contains(".") {
            let parts = item.module.split(separator: ".", omittingEmptySubsequences: false)
            for i in 1..<parts.count where unsafe[parts[0..<i].joined(separator: ".")] == .all {
                deny = .all
                break
            }
        }
        if let deny, deny.contains(item.name) { return .dangerous }
        if let allow = safe[item.module], allow.contains(item.name) { return .innocuous }
        return .suspicious
    }

    static let defaultSafe: [String: Names] = [
        "collections": .some(["OrderedDict"]),
        "torch": .some([
            "LongStorage", "FloatStorage", "HalfStorage", "QUInt2x4Storage", "QUInt4x2Storage", "QInt32Storage",
            "QInt8Storage", "QUInt8Storage", "ComplexFloatStorage", "ComplexDoubleStorage", "DoubleStorage",
            "BFloat16Storage", "BoolStorage", "CharStorage", "ShortStorage", "IntStorage", "ByteStorage",
        ]),
        "numpy": .some(["dtype", "ndarray"]),
        "numpy._core.multiarray": .some(["_reconstruct"]),
        "numpy.core.multiarray": .some(["_reconstruct"]),
        "torch._utils": .some(["_rebuild_tensor_v2"]),
    ]

    static let builtinsDenied: Names = .some(["eval", "compile", "getattr", "apply", "exec", "open", "breakpoint"])

    static let defaultUnsafe: [String: Names] = [
        "__builtin__": builtinsDenied,
        "builtins": builtinsDenied,
        "cloudpickle.cloudpickle": .some(["_builtin_type", "_make_function", "_function_setstate", "_make_cell", "_make_empty_cell", "subimport"]),
        "types": .some(["CodeType"]),
        "aiohttp": .all, "asyncio": .all, "bdb": .all, "commands": .all, "ctypes": .all,
        // picklescan writes "partial" (a string, so `in` tests substrings); matching the name exactly is the intent.
        "functools": .some(["partial"]),
        "httplib": .all,
        "logging": .some(["FileHandler"]),
        "_io": .some(["FileIO"]),
        "numpy.f2py": .all, "numpy.testing._private.utils": .all,
        "nt": .all, "posix": .all,
        "_operator": .some(["attrgetter", "itemgetter", "methodcaller"]),
        "operator": .some(["attrgetter", "itemgetter", "methodcaller"]),
        "os": .all, "requests.api": .all, "runpy": .all, "shutil": .all, "socket": .all, "ssl": .all,
        "subprocess": .all, "sys": .all,
        "code": .some(["InteractiveInterpreter.runcode"]),
        "cProfile": .all, "distutils.file_util": .all,
        "doctest": .some(["debug_script"]),
        "ensurepip": .some(["_run_pip"]),
        "idlelib.autocomplete": .some(["AutoComplete.get_entity", "AutoComplete.fetch_completions"]),
        "idlelib.calltip": .some(["Calltip.fetch_tip", "get_entity"]),
        "idlelib.debugobj": .some(["ObjectTreeItem.SetText"]),
        "idlelib.pyshell": .some(["ModifiedInterpreter.runcode", "ModifiedInterpreter.runcommand"]),
        "idlelib.run": .some(["Executive.runcode"]),
        "imaplib": .some(["IMAP4_stream"]),
        "lib2to3.pgen2.grammar": .some(["Grammar.loads"]),
        "lib2to3.pgen2.pgen": .some(["ParserGenerator.make_label"]),
        "pdb": .all, "pickle": .all, "_pickle": .all, "pip": .all,
        "pkgutil": .some(["resolve_name"]),
        "pty": .all, "profile": .all, "pydoc": .all, "test": .all, "timeit": .all,
        "torch._dynamo.guards": .some(["GuardBuilder.get"]),
        "torch._inductor.codecache": .some(["compile_file"]),
        "torch.fx.experimental.symbolic_shapes": .some(["ShapeEnv.evaluate_guards_expression"]),
        "torch.jit.unsupported_tensor_ops": .some(["execWrapper"]),
        "torch.serialization": .some(["load"]),
        "torch.utils._config_module": .some(["ConfigModule.load_config"]),
        "torch.utils.bottleneck.__main__": .some(["run_cprofile", "run_autograd_prof"]),
        "torch.utils.collect_env": .some(["run"]),
        "torch.utils.data.datapipes.utils.decoder": .some(["basichandlers"]),
        "trace": .some(["Trace.run", "Trace.runctx"]),
        "urllib.request": .all, "uuid": .all, "venv": .all, "webbrowser": .all,
        "_osx_support": .all, "_aix_support": .all, "_pyrepl": .all,
        // Beyond picklescan: the module behind `torch.hub.load` fetches and runs code.
        "torch.hub": .some(["load", "load_state_dict_from_url", "_load_local"]),
    ]
}
