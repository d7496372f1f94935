/// The identifier of a bank entry as the index knows it: a 32-bit number chosen by the
/// caller (the store's entry id). 32 bits keep the index compact; four billion entries
/// is the limit.
public typealias EntryID = UInt32
