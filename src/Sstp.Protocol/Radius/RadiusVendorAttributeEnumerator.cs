using System.Buffers.Binary;

namespace Sstp.Protocol.Radius;

/// <summary>
/// Walks the vendor sub-attributes (RFC 2865 §5.26 recommended format) of every Vendor-Specific attribute
/// of a packet, optionally only those of one Vendor-Id. Stops inside a VSA at the first malformed
/// sub-attribute and continues with the next VSA; never throws.
/// </summary>
public ref struct RadiusVendorAttributeEnumerator
{
    private RadiusAttributeEnumerator _attributes;
    private readonly uint? _vendorFilter;
    private ReadOnlySpan<byte> _subRest;
    private uint _vendorId;
    private RadiusVendorAttributeView _current;

    /// <summary>Creates an enumerator over an attribute area; <paramref name="vendorId"/> null means every vendor.</summary>
    public RadiusVendorAttributeEnumerator(ReadOnlySpan<byte> attributes, uint? vendorId)
    {
        _attributes = new RadiusAttributeEnumerator(attributes);
        _vendorFilter = vendorId;
        _subRest = default;
        _vendorId = 0;
        _current = default;
    }

    /// <summary>The sub-attribute at the current position.</summary>
    public readonly RadiusVendorAttributeView Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RadiusVendorAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next vendor sub-attribute.</summary>
    public bool MoveNext()
    {
        while (true)
        {
            if (_subRest.Length >= 2 && _subRest[1] >= 2 && _subRest[1] <= _subRest.Length)
            {
                int length = _subRest[1];
                _current = new RadiusVendorAttributeView(_vendorId, _subRest[0], _subRest[2..length]);
                _subRest = _subRest[length..];
                return true;
            }

            _subRest = default;
            if (!NextVendorAttribute())
            {
                return false;
            }
        }
    }

    private bool NextVendorAttribute()
    {
        while (_attributes.MoveNext())
        {
            var attribute = _attributes.Current;
            if (attribute.Type != RadiusAttributeType.VendorSpecific || attribute.Value.Length < RadiusPacket.VendorIdLength)
            {
                continue;
            }

            uint vendor = BinaryPrimitives.ReadUInt32BigEndian(attribute.Value);
            if (_vendorFilter is uint wanted && wanted != vendor)
            {
                continue;
            }

            _vendorId = vendor;
            _subRest = attribute.Value[RadiusPacket.VendorIdLength..];
            return true;
        }

        return false;
    }
}
