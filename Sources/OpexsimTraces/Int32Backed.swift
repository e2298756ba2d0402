/// An `Int` held in 32 bits: for counts and indices of records kept once per series or container
/// (a million of them), where an `Int` would double the field. Values past 32 bits are held at the
/// nearest end of the range, never a trap: indices that large fail the checks of whatever reads them.
@propertyWrapper
public struct Int32Backed: Sendable, Hashable {
    @usableFromInline var stored: Int32

    @inlinable
    public init(wrappedValue: Int) { stored = Int32(clamping: wrappedValue) }

    @inlinable
    public var wrappedValue: Int {
        get { Int(stored) }
        set { stored = Int32(clamping: newValue) }
    }
}
