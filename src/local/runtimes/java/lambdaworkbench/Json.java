package lambdaworkbench;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON for the handler's input and result, with the JDK alone (no library may be fetched): a parser to
 * Map/List/String/Integer/Long/BigInteger/Double/Boolean, a writer, and the mapping to and from typed
 * parameters as Lambda's Jackson-based serializer does it: POJOs through setters or fields (property
 * names matched case-insensitively, unknown ones ignored), getters and public fields on the way out.
 */
final class Json {
  private Json() {}

  // ---------------------------------------------------------------------------------------------
  // Parsing

  static Object parse(String text) {
    Parser p = new Parser(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) throw p.fail("Unexpected character");
    return v;
  }

  private static final class Parser {
    final String s;
    int i;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException fail(String what) {
      return new IllegalArgumentException(what + " at position " + i);
    }

    void ws() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
    }

    Object value() {
      if (i >= s.length()) throw fail("Unexpected end of input");
      char c = s.charAt(i);
      if (c == '{') return object();
      if (c == '[') return array();
      if (c == '"') return string();
      if (s.startsWith("true", i)) return word(4, Boolean.TRUE);
      if (s.startsWith("false", i)) return word(5, Boolean.FALSE);
      if (s.startsWith("null", i)) return word(4, null);
      if (c == '-' || (c >= '0' && c <= '9')) return number();
      throw fail("Unexpected character '" + c + "'");
    }

    Object word(int n, Object v) {
      i += n;
      return v;
    }

    Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      ws();
      if (peek() == '}') {
        i++;
        return m;
      }
      for (;;) {
        ws();
        if (peek() != '"') throw fail("Expected a property name");
        String k = string();
        ws();
        if (peek() != ':') throw fail("Expected ':'");
        i++;
        ws();
        m.put(k, value());
        ws();
        char c = peek();
        i++;
        if (c == '}') return m;
        if (c != ',') throw fail("Expected ',' or '}'");
      }
    }

    List<Object> array() {
      List<Object> l = new ArrayList<>();
      i++;
      ws();
      if (peek() == ']') {
        i++;
        return l;
      }
      for (;;) {
        ws();
        l.add(value());
        ws();
        char c = peek();
        i++;
        if (c == ']') return l;
        if (c != ',') throw fail("Expected ',' or ']'");
      }
    }

    char peek() {
      if (i >= s.length()) throw fail("Unexpected end of input");
      return s.charAt(i);
    }

    String string() {
      StringBuilder b = new StringBuilder();
      i++;
      for (;;) {
        char c = peek();
        i++;
        if (c == '"') return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = peek();
        i++;
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u':
            if (i + 4 > s.length()) throw fail("Bad unicode escape");
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default: b.append(e);
        }
      }
    }

    Object number() {
      int start = i;
      boolean decimal = false;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        char c = s.charAt(i++);
        if (c == '.' || c == 'e' || c == 'E') decimal = true;
      }
      String n = s.substring(start, i);
      try {
        if (decimal) return Double.valueOf(n);
        BigInteger big = new BigInteger(n);
        if (big.bitLength() < 32) return big.intValue();
        if (big.bitLength() < 64) return big.longValue();
        return big;
      } catch (NumberFormatException e) {
        throw fail("Bad number '" + n + "'");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  static String write(Object v) throws ReflectiveOperationException {
    StringBuilder b = new StringBuilder();
    write(b, v);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) throws ReflectiveOperationException {
    if (v == null) b.append("null");
    else if (v instanceof CharSequence || v instanceof Character) quote(b, v.toString());
    else if (v instanceof Boolean) b.append(v);
    else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      b.append(Double.isFinite(d) ? v.toString() : "null");
    } else if (v instanceof Number) b.append(v);
    else if (v instanceof Enum) quote(b, ((Enum<?>) v).name());
    else if (v instanceof Map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) b.append(',');
        first = false;
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof Iterable) {
      b.append('[');
      boolean first = true;
      for (Object o : (Iterable<?>) v) {
        if (!first) b.append(',');
        first = false;
        write(b, o);
      }
      b.append(']');
    } else if (v.getClass().isArray()) {
      b.append('[');
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        if (i > 0) b.append(',');
        write(b, Array.get(v, i));
      }
      b.append(']');
    } else write(b, properties(v));
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c == '\n') b.append("\\n");
      else if (c == '\r') b.append("\\r");
      else if (c == '\t') b.append("\\t");
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    b.append('"');
  }

  /** A POJO's (or record's) properties: getters and public fields, in field declaration order first. */
  private static Map<String, Object> properties(Object o) throws ReflectiveOperationException {
    Class<?> c = o.getClass();
    Map<String, Object> out = new LinkedHashMap<>();
    Object[] components = recordComponents(c);
    if (components != null) {
      for (Object rc : components) {
        Method accessor = (Method) rc.getClass().getMethod("getAccessor").invoke(rc);
        accessor.setAccessible(true);
        out.put(accessor.getName(), accessor.invoke(o));
      }
      return out;
    }
    Map<String, Method> getters = new LinkedHashMap<>();
    for (Method m : c.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) continue;
      String n = m.getName();
      String prop = null;
      if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) prop = n.substring(3);
      else if (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) prop = n.substring(2);
      if (prop != null) getters.put(decapitalize(prop), m);
    }
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) chain.add(0, k);
    for (Class<?> k : chain) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
        Method g = getters.remove(decapitalize(f.getName()));
        if (g != null) out.put(decapitalize(f.getName()), g.invoke(o));
        else if (Modifier.isPublic(f.getModifiers())) out.put(f.getName(), f.get(o));
      }
    }
    List<String> rest = new ArrayList<>(getters.keySet());
    java.util.Collections.sort(rest);
    for (String k : rest) out.put(k, getters.get(k).invoke(o));
    return out;
  }

  /** Jackson's naming: the leading capitals of a getter's name go lower case (getURL -> url). */
  private static String decapitalize(String s) {
    int n = 0;
    while (n < s.length() && Character.isUpperCase(s.charAt(n))) n++;
    if (n == 0) return s;
    if (n > 1 && n < s.length()) n--;
    return s.substring(0, n).toLowerCase() + s.substring(n);
  }

  /** Class.getRecordComponents() through reflection: the runtime also compiles on a JDK before 16. */
  private static Object[] recordComponents(Class<?> c) {
    try {
      if (!(Boolean) Class.class.getMethod("isRecord").invoke(c)) return null;
      return (Object[]) Class.class.getMethod("getRecordComponents").invoke(c);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Mapping parsed JSON to a handler's parameter type

  static Object convert(Object v, Type type) throws ReflectiveOperationException {
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (v instanceof Map && Map.class.isAssignableFrom(raw)) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> m = (Map<Object, Object>) newContainer(raw, LinkedHashMap.class);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) m.put(convert(e.getKey(), args[0]), convert(e.getValue(), args[1]));
        return m;
      }
      if (v instanceof List && Collection.class.isAssignableFrom(raw)) {
        @SuppressWarnings("unchecked")
        Collection<Object> l = (Collection<Object>) newContainer(raw, Set.class.isAssignableFrom(raw) ? LinkedHashSet.class : ArrayList.class);
        for (Object o : (List<?>) v) l.add(convert(o, args[0]));
        return l;
      }
      return convert(v, raw);
    }
    if (type instanceof GenericArrayType) return toArray(v, ((GenericArrayType) type).getGenericComponentType());
    if (type instanceof WildcardType) return convert(v, ((WildcardType) type).getUpperBounds()[0]);
    if (!(type instanceof Class)) return v; // a type variable: what the JSON is
    Class<?> c = (Class<?>) type;
    if (v == null) return c.isPrimitive() ? primitiveDefault(c) : null;
    if (c == Object.class || c.isInstance(v) && !(v instanceof Map && c != Map.class && !c.isInterface())) return v;
    if (c == String.class || c == CharSequence.class) {
      if (v instanceof Map || v instanceof List) throw mismatch(v, c);
      return String.valueOf(v);
    }
    if (c.isPrimitive() || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class) return scalar(v, c);
    if (c.isEnum()) return enumValue(c, String.valueOf(v));
    if (c.isArray()) return toArray(v, c.getComponentType());
    if (Map.class.isAssignableFrom(c) && v instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> m = (Map<Object, Object>) newContainer(c, LinkedHashMap.class);
      m.putAll((Map<?, ?>) v);
      return m;
    }
    if (Collection.class.isAssignableFrom(c) && v instanceof List) {
      @SuppressWarnings("unchecked")
      Collection<Object> l = (Collection<Object>) newContainer(c, Set.class.isAssignableFrom(c) ? LinkedHashSet.class : ArrayList.class);
      l.addAll((List<?>) v);
      return l;
    }
    if (v instanceof Map) return pojo((Map<?, ?>) v, c);
    throw mismatch(v, c);
  }

  private static IllegalArgumentException mismatch(Object v, Class<?> c) {
    String what = v instanceof Map ? "an object" : v instanceof List ? "an array" : v instanceof String ? "a string" : "the value " + v;
    return new IllegalArgumentException("Cannot deserialize " + what + " into " + c.getName());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> c, String name) {
    return Enum.valueOf((Class) c, name);
  }

  private static Object newContainer(Class<?> c, Class<?> fallback) throws ReflectiveOperationException {
    Class<?> k = c.isInterface() || Modifier.isAbstract(c.getModifiers()) ? fallback : c;
    return k.getDeclaredConstructor().newInstance();
  }

  private static Object toArray(Object v, Type component) throws ReflectiveOperationException {
    if (!(v instanceof List)) throw new IllegalArgumentException("Cannot deserialize " + v + " into an array");
    List<?> l = (List<?>) v;
    Class<?> raw = component instanceof Class ? (Class<?>) component : component instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) component).getRawType() : Object.class;
    Object a = Array.newInstance(raw, l.size());
    for (int i = 0; i < l.size(); i++) Array.set(a, i, convert(l.get(i), component));
    return a;
  }

  private static Object primitiveDefault(Class<?> c) {
    if (c == boolean.class) return false;
    if (c == char.class) return '\0';
    return scalar(0, c);
  }

  private static Object scalar(Object v, Class<?> c) {
    if (c == boolean.class || c == Boolean.class) return v instanceof Boolean ? v : Boolean.valueOf(String.valueOf(v));
    if (c == char.class || c == Character.class) return String.valueOf(v).charAt(0);
    BigDecimal n = v instanceof Number ? new BigDecimal(v.toString()) : new BigDecimal(String.valueOf(v).trim());
    if (c == int.class || c == Integer.class) return n.intValue();
    if (c == long.class || c == Long.class) return n.longValue();
    if (c == double.class || c == Double.class || c == Number.class) return n.doubleValue();
    if (c == float.class || c == Float.class) return n.floatValue();
    if (c == short.class || c == Short.class) return n.shortValue();
    if (c == byte.class || c == Byte.class) return n.byteValue();
    if (c == BigInteger.class) return n.toBigInteger();
    if (c == BigDecimal.class) return n;
    throw new IllegalArgumentException("Cannot deserialize " + v + " into " + c.getName());
  }

  private static Object pojo(Map<?, ?> m, Class<?> c) throws ReflectiveOperationException {
    Object[] components = recordComponents(c);
    if (components != null) {
      Class<?>[] types = new Class<?>[components.length];
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        Object rc = components[i];
        String name = (String) rc.getClass().getMethod("getName").invoke(rc);
        types[i] = (Class<?>) rc.getClass().getMethod("getType").invoke(rc);
        values[i] = convert(lookup(m, name), (Type) rc.getClass().getMethod("getGenericType").invoke(rc));
      }
      Constructor<?> k = c.getDeclaredConstructor(types);
      k.setAccessible(true);
      return k.newInstance(values);
    }
    Constructor<?> k = c.getDeclaredConstructor();
    k.setAccessible(true);
    Object o = k.newInstance();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      Method setter = setter(c, key);
      if (setter != null) {
        setter.invoke(o, convert(e.getValue(), setter.getGenericParameterTypes()[0]));
        continue;
      }
      Field f = field(c, key);
      if (f != null) {
        f.setAccessible(true);
        f.set(o, convert(e.getValue(), f.getGenericType()));
      }
    }
    return o;
  }

  private static Object lookup(Map<?, ?> m, String name) {
    for (Map.Entry<?, ?> e : m.entrySet()) if (name.equalsIgnoreCase(String.valueOf(e.getKey()))) return e.getValue();
    return null;
  }

  private static Method setter(Class<?> c, String key) {
    for (Method m : c.getMethods()) {
      if (m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers()) && m.getName().equalsIgnoreCase("set" + key)) return m;
    }
    return null;
  }

  private static Field field(Class<?> c, String key) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()) && f.getName().equalsIgnoreCase(key)) return f;
      }
    }
    return null;
  }
}
