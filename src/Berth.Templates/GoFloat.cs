using System.Globalization;
using System.Numerics;
using System.Text;

namespace Berth.Templates;

/// <summary>Go's <c>strconv.FormatFloat</c> for the <c>e</c>, <c>E</c>, <c>f</c>, <c>g</c> and <c>G</c> formats:
/// shortest digits when precision is -1, otherwise exact decimal rounding, half to even.</summary>
internal static class GoFloat
{
    /// <summary>Decimal digits (no leading or trailing zeros) and the decimal point position: value = 0.DIGITS × 10^dp.</summary>
    private struct Digits
    {
        public char[] D;
        public int Nd;
        public int Dp;
    }

    public static string Format(double v, char fmt, int prec, int bitSize)
    {
        var sb = new StringBuilder(24);
        Append(sb, v, fmt, prec, bitSize);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, double v, char fmt, int prec, int bitSize)
    {
        if (double.IsNaN(v))
        {
            sb.Append("NaN");
            return;
        }
        if (double.IsInfinity(v))
        {
            sb.Append(v > 0 ? "+Inf" : "-Inf");
            return;
        }
        bool neg = v < 0 || (v == 0 && double.IsNegative(v));
        if (fmt is 'b' or 'x' or 'X')
        {
            AppendBinary(sb, v, fmt, prec, bitSize, neg);
            return;
        }
        double abs = Math.Abs(v);
        bool shortest = prec < 0;
        Digits digs;
        if (shortest)
        {
            digs = ShortestDigits(abs, bitSize);
            switch (fmt)
            {
                case 'e' or 'E':
                    prec = Math.Max(digs.Nd - 1, 0);
                    break;
                case 'f':
                    prec = Math.Max(digs.Nd - digs.Dp, 0);
                    break;
                case 'g' or 'G':
                    prec = digs.Nd;
                    break;
            }
        }
        else
        {
            digs = ExactDigits(abs);
            switch (fmt)
            {
                case 'e' or 'E':
                    Round(ref digs, prec + 1);
                    break;
                case 'f':
                    Round(ref digs, digs.Dp + prec);
                    break;
                case 'g' or 'G':
                    if (prec == 0)
                    {
                        prec = 1;
                    }
                    Round(ref digs, prec);
                    break;
            }
        }
        FormatDigits(sb, shortest, neg, digs, prec, fmt);
    }

    /// <summary>Go's <c>%b</c> (<c>-123456p-78</c>) and <c>%x</c>/<c>%X</c> (<c>-0x1.23abcp+20</c>) float forms.</summary>
    private static void AppendBinary(StringBuilder sb, double v, char fmt, int prec, int bitSize, bool neg)
    {
        int mantBits = bitSize == 32 ? 23 : 52;
        int expBits = bitSize == 32 ? 8 : 11;
        int bias = bitSize == 32 ? -127 : -1023;
        ulong bits = bitSize == 32 ? BitConverter.SingleToUInt32Bits((float)v) : BitConverter.DoubleToUInt64Bits(v);
        int exp = (int)(bits >> mantBits) & ((1 << expBits) - 1);
        ulong mant = bits & ((1UL << mantBits) - 1);
        if (exp == 0)
        {
            exp++;
        }
        else
        {
            mant |= 1UL << mantBits;
        }
        exp += bias;
        if (neg)
        {
            sb.Append('-');
        }
        if (fmt == 'b')
        {
            sb.Append(mant.ToString(CultureInfo.InvariantCulture)).Append('p');
            exp -= mantBits;
            if (exp >= 0)
            {
                sb.Append('+');
            }
            sb.Append(exp.ToString(CultureInfo.InvariantCulture));
            return;
        }
        if (mant == 0)
        {
            exp = 0;
        }
        mant <<= 60 - mantBits;
        while (mant != 0 && (mant & (1UL << 60)) == 0)
        {
            mant <<= 1;
            exp--;
        }
        if (prec >= 0 && prec < 15)
        {
            int shift = prec * 4;
            ulong extra = (mant << shift) & ((1UL << 60) - 1);
            mant >>= 60 - shift;
            if ((extra | (mant & 1)) > 1UL << 59)
            {
                mant++;
            }
            mant <<= 60 - shift;
            if ((mant & (1UL << 61)) != 0)
            {
                mant >>= 1;
                exp++;
            }
        }
        string hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        sb.Append('0').Append(fmt).Append((char)('0' + (int)((mant >> 60) & 1)));
        mant <<= 4;
        if (prec < 0 && mant != 0)
        {
            sb.Append('.');
            while (mant != 0)
            {
                sb.Append(hex[(int)((mant >> 60) & 15)]);
                mant <<= 4;
            }
        }
        else if (prec > 0)
        {
            sb.Append('.');
            for (int i = 0; i < prec; i++)
            {
                sb.Append(hex[(int)((mant >> 60) & 15)]);
                mant <<= 4;
            }
        }
        sb.Append(fmt == 'X' ? 'P' : 'p');
        if (exp < 0)
        {
            sb.Append('-');
            exp = -exp;
        }
        else
        {
            sb.Append('+');
        }
        sb.Append(exp < 10 ? "0" + exp.ToString(CultureInfo.InvariantCulture) : exp.ToString(CultureInfo.InvariantCulture));
    }

    private static void FormatDigits(StringBuilder sb, bool shortest, bool neg, Digits digs, int prec, char fmt)
    {
        switch (fmt)
        {
            case 'e' or 'E':
                FmtE(sb, neg, digs, prec, fmt);
                return;
            case 'f':
                FmtF(sb, neg, digs, prec);
                return;
            case 'g' or 'G':
                {
                    int eprec = prec;
                    if (eprec > digs.Nd && digs.Nd >= digs.Dp)
                    {
                        eprec = digs.Nd;
                    }
                    if (shortest)
                    {
                        eprec = 6;
                    }
                    int exp = digs.Dp - 1;
                    if (exp < -4 || exp >= eprec)
                    {
                        if (prec > digs.Nd)
                        {
                            prec = digs.Nd;
                        }
                        FmtE(sb, neg, digs, prec - 1, fmt == 'g' ? 'e' : 'E');
                        return;
                    }
                    if (prec > digs.Dp)
                    {
                        prec = digs.Nd;
                    }
                    FmtF(sb, neg, digs, Math.Max(prec - digs.Dp, 0));
                    return;
                }
        }
        sb.Append('%').Append(fmt);
    }

    private static void FmtE(StringBuilder sb, bool neg, Digits d, int prec, char fmt)
    {
        if (neg)
        {
            sb.Append('-');
        }
        sb.Append(d.Nd != 0 ? d.D[0] : '0');
        if (prec > 0)
        {
            sb.Append('.');
            int i = 1;
            int m = Math.Min(d.Nd, prec + 1);
            if (i < m)
            {
                sb.Append(d.D, i, m - i);
                i = m;
            }
            for (; i <= prec; i++)
            {
                sb.Append('0');
            }
        }
        sb.Append(fmt);
        int exp = d.Nd == 0 ? 0 : d.Dp - 1;
        if (exp < 0)
        {
            sb.Append('-');
            exp = -exp;
        }
        else
        {
            sb.Append('+');
        }
        if (exp < 10)
        {
            sb.Append('0').Append((char)('0' + exp));
        }
        else
        {
            sb.Append(exp.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void FmtF(StringBuilder sb, bool neg, Digits d, int prec)
    {
        if (neg)
        {
            sb.Append('-');
        }
        if (d.Dp > 0)
        {
            int m = Math.Min(d.Nd, d.Dp);
            sb.Append(d.D, 0, m);
            for (; m < d.Dp; m++)
            {
                sb.Append('0');
            }
        }
        else
        {
            sb.Append('0');
        }
        if (prec > 0)
        {
            sb.Append('.');
            for (int i = 0; i < prec; i++)
            {
                int j = d.Dp + i;
                sb.Append(j >= 0 && j < d.Nd ? d.D[j] : '0');
            }
        }
    }

    /// <summary>The shortest digits that read back as the same float (Go's Ryū shortest; .NET's "R" agrees).</summary>
    private static Digits ShortestDigits(double abs, int bitSize)
    {
        if (abs == 0)
        {
            return new Digits { D = [], Nd = 0, Dp = 0 };
        }
        string r = bitSize == 32
            ? ((float)abs).ToString("R", CultureInfo.InvariantCulture)
            : abs.ToString("R", CultureInfo.InvariantCulture);
        return ParseDecimal(r);
    }

    private static Digits ParseDecimal(string r)
    {
        int exp = 0;
        int e = r.IndexOfAny(['E', 'e']);
        string mantissa = r;
        if (e >= 0)
        {
            exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r[..e];
        }
        int dot = mantissa.IndexOf('.');
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        string all = intPart + fracPart;
        int dp = intPart.Length + exp;
        int lead = 0;
        while (lead < all.Length && all[lead] == '0')
        {
            lead++;
        }
        all = all[lead..];
        dp -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            return new Digits { D = [], Nd = 0, Dp = 0 };
        }
        return new Digits { D = all.ToCharArray(), Nd = all.Length, Dp = dp };
    }

    /// <summary>The exact decimal expansion of a double (every binary fraction is a finite decimal).</summary>
    private static Digits ExactDigits(double abs)
    {
        if (abs == 0)
        {
            return new Digits { D = [], Nd = 0, Dp = 0 };
        }
        long bits = BitConverter.DoubleToInt64Bits(abs);
        int exp = (int)((bits >> 52) & 0x7FF);
        long mant = bits & ((1L << 52) - 1);
        if (exp == 0)
        {
            exp = 1;
        }
        else
        {
            mant |= 1L << 52;
        }
        int e2 = exp - 1075;
        string digits;
        int dp;
        if (e2 >= 0)
        {
            digits = (new BigInteger(mant) << e2).ToString(CultureInfo.InvariantCulture);
            dp = digits.Length;
        }
        else
        {
            int k = -e2;
            digits = (new BigInteger(mant) * BigInteger.Pow(5, k)).ToString(CultureInfo.InvariantCulture);
            dp = digits.Length - k;
        }
        string trimmed = digits.TrimEnd('0');
        return new Digits { D = trimmed.ToCharArray(), Nd = trimmed.Length, Dp = dp };
    }

    /// <summary>Go's <c>decimal.Round</c>: keep <paramref name="nd"/> digits, rounding half to even on the exact value.</summary>
    private static void Round(ref Digits d, int nd)
    {
        if (nd < 0 || nd >= d.Nd)
        {
            return;
        }
        bool up;
        if (d.D[nd] == '5' && nd + 1 == d.Nd)
        {
            up = nd > 0 && (d.D[nd - 1] - '0') % 2 == 1;
        }
        else
        {
            up = d.D[nd] >= '5';
        }
        if (up)
        {
            int i = nd - 1;
            while (i >= 0 && d.D[i] == '9')
            {
                i--;
            }
            if (i < 0)
            {
                d.D = ['1'];
                d.Nd = 1;
                d.Dp++;
                return;
            }
            d.D[i]++;
            d.Nd = i + 1;
        }
        else
        {
            d.Nd = nd;
            while (d.Nd > 0 && d.D[d.Nd - 1] == '0')
            {
                d.Nd--;
            }
        }
        if (d.Nd == 0)
        {
            d.Dp = 0;
        }
    }
}
