// Java functions for the runtime tests, written here and compiled with the machine's javac: a stream
// handler, POJO and typed handlers needing no Lambda library, and a handler built against
// aws-lambda-java-core's Context (its interfaces, as the user's jar would bring them, in lib/core.jar).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export function hasJdk(): boolean {
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
    execFileSync('jar', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const SOURCES: Record<string, string> = {
  'example/StreamHandler.java': `package example;
import java.io.*;
import java.nio.charset.StandardCharsets;
public class StreamHandler {
  public void handleRequest(InputStream in, OutputStream out) throws IOException {
    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    System.out.println("stream got " + body);
    out.write(("{\\"echo\\":" + body + ",\\"java\\":\\"" + System.getProperty("java.specification.version") + "\\"}").getBytes(StandardCharsets.UTF_8));
  }
}
`,
  'example/Orders.java': `package example;
import java.util.*;
public class Orders {
  public static class Item {
    private String sku;
    private int qty;
    public String getSku() { return sku; }
    public void setSku(String sku) { this.sku = sku; }
    public int getQty() { return qty; }
    public void setQty(int qty) { this.qty = qty; }
  }
  public static class Order {
    public String customer;
    private List<Item> items;
    private boolean express;
    public List<Item> getItems() { return items; }
    public void setItems(List<Item> items) { this.items = items; }
    public boolean isExpress() { return express; }
    public void setExpress(boolean express) { this.express = express; }
  }
  public static class Receipt {
    private final String customer;
    private final int totalItems;
    private final boolean express;
    private final List<String> skus;
    Receipt(String customer, int totalItems, boolean express, List<String> skus) { this.customer = customer; this.totalItems = totalItems; this.express = express; this.skus = skus; }
    public String getCustomer() { return customer; }
    public int getTotalItems() { return totalItems; }
    public boolean isExpress() { return express; }
    public List<String> getSkus() { return skus; }
  }
  private int calls;
  public Receipt create(Order order) {
    calls++;
    int total = 0;
    List<String> skus = new ArrayList<>();
    for (Item i : order.getItems()) { total += i.getQty(); skus.add(i.getSku()); }
    System.out.println("call " + calls + " for " + order.customer);
    return new Receipt(order.customer, total, order.isExpress(), skus);
  }
}
`,
  'example/Types.java': `package example;
import java.util.*;
public class Types {
  public Map<String, Object> map(Map<String, Object> in) { Map<String, Object> out = new LinkedHashMap<>(in); out.put("seen", in.size()); return out; }
  public List<Integer> list(List<Integer> in) { List<Integer> out = new ArrayList<>(); for (int i : in) out.add(i * 2); return out; }
  public String upper(String s) { return s.toUpperCase(); }
  public long square(int n) { return (long) n * n; }
  public boolean not(boolean b) { return !b; }
  public static double half(double d) { return d / 2; }
  public void nothing(Map<String, Object> in) { }
  public enum Size { SMALL, LARGE }
  public record Point(int x, int y, Size size) { }
  public Point flip(Point p) { return new Point(p.y(), p.x(), p.size() == Size.SMALL ? Size.LARGE : Size.SMALL); }
  public int[] lengths(String[] words) { int[] out = new int[words.length]; for (int i = 0; i < words.length; i++) out[i] = words[i].length(); return out; }
}
`,
  'example/Fails.java': `package example;
import java.util.Map;
public class Fails {
  public String handleRequest(Map<String, Object> event) {
    throw new IllegalStateException("order " + event.get("id") + " is closed", new java.io.IOException("disk full"));
  }
}
`,
};

/** aws-lambda-java-core's interfaces, enough of them for a handler to compile and run against. */
export const CORE_SOURCES: Record<string, string> = {
  'com/amazonaws/services/lambda/runtime/LambdaLogger.java': `package com.amazonaws.services.lambda.runtime;
public interface LambdaLogger { void log(String message); void log(byte[] message); }
`,
  'com/amazonaws/services/lambda/runtime/Context.java': `package com.amazonaws.services.lambda.runtime;
public interface Context {
  String getAwsRequestId(); String getLogGroupName(); String getLogStreamName(); String getFunctionName(); String getFunctionVersion();
  String getInvokedFunctionArn(); int getRemainingTimeInMillis(); int getMemoryLimitInMB(); LambdaLogger getLogger();
}
`,
  'com/amazonaws/services/lambda/runtime/RequestHandler.java': `package com.amazonaws.services.lambda.runtime;
public interface RequestHandler<I, O> { O handleRequest(I input, Context context); }
`,
};

export const CONTEXT_HANDLER: Record<string, string> = {
  'example/WithContext.java': `package example;
import com.amazonaws.services.lambda.runtime.*;
import java.util.*;
public class WithContext implements RequestHandler<Map<String, String>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, String> event, Context context) {
    context.getLogger().log("logged for " + event.get("who") + "\\nsecond line");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", context.getAwsRequestId());
    out.put("fn", context.getFunctionName());
    out.put("version", context.getFunctionVersion());
    out.put("arn", context.getInvokedFunctionArn());
    out.put("mem", context.getMemoryLimitInMB());
    out.put("group", context.getLogGroupName());
    out.put("stream", context.getLogStreamName());
    out.put("remaining", context.getRemainingTimeInMillis());
    return out;
  }
}
`,
};

function write(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, text]) => {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  });
}

/** Compiles sources into `out` (classes laid out by package), with `classpath` for their imports. */
export function compile(out: string, files: Record<string, string>, classpath: string[] = []): void {
  const src = mkdtempSync(join(tmpdir(), 'lwb-java-src-'));
  try {
    const paths = write(src, files);
    execFileSync('javac', ['-nowarn', '-d', out, ...(classpath.length ? ['-cp', classpath.join(':')] : []), ...paths], { stdio: 'pipe' });
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}

/** Compiles aws-lambda-java-core's stand-in into `jarPath`. */
export function coreJar(jarPath: string): void {
  const classes = mkdtempSync(join(tmpdir(), 'lwb-java-core-'));
  try {
    compile(classes, CORE_SOURCES);
    mkdirSync(dirname(jarPath), { recursive: true });
    execFileSync('jar', ['cf', jarPath, '-C', classes, '.'], { stdio: 'pipe' });
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
}

/** Every file under `dir`, relative path to content, for a zip. */
export function filesOf(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}
