using System.Text;

namespace Berth.Build.Builders;

/// <summary>Shell-style word splitting (single and double quotes, backslash escapes), as buildah splits --cmd and --shell.</summary>
public static class ShellWords
{
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }
                else if (ch == '\\' && quote == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                case '\'' or '"':
                    quote = ch;
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(ch);
                    inWord = true;
                    break;
            }
        }

        if (quote != '\0')
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid command line string: {text}");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
