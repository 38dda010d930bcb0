package dev.runbook.airflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.http.HttpApiException;
import dev.runbook.http.JsonHttpClient;
import dev.runbook.http.RequestAuth;
import dev.runbook.http.RetryPolicy;
import dev.runbook.http.Sleeper;
import dev.runbook.http.TrustedAuthorities;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import static dev.runbook.http.JsonHttpClient.segment;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Typed access to one Airflow deployment's stable REST API, Airflow 2 ({@code /api/v1}) or
 * Airflow 3 ({@code /api/v2}) alike: the generation is detected once from {@code /version}, and
 * every method maps the generation's paths, page sizes and field names onto the same records.
 * Lists are read page by page to the end. Failures surface as {@link HttpApiException}.
 */
public final class AirflowClient {

  private static final Map<String, List<String>> NO_QUERY = Map.of();

  private final JsonHttpClient http;
  private final AirflowVersion version;

  private AirflowClient(JsonHttpClient http, AirflowVersion version) {
    this.http = http;
    this.version = version;
  }

  /** Connects with the standard retry policy and a default HTTP client. */
  public static AirflowClient connect(String baseUrl, AirflowAuth auth) {
    return connect(baseUrl, auth, null);
  }

  /**
   * Connects with the standard retry policy; over HTTPS it trusts the certificate authorities of
   * {@code trustedCaPem} (a PEM bundle) instead of the JVM's, when given.
   */
  public static AirflowClient connect(String baseUrl, AirflowAuth auth, String trustedCaPem) {
    return connect(baseUrl, auth, RetryPolicy.standard(), trusting(defaultHttpClient(), trustedCaPem));
  }

  /** The HTTP client {@link #connect(String, AirflowAuth)} uses: 10 s to connect, 60 s to read. */
  public static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60))
        .build();
  }

  /** {@code http}, trusting the CAs of {@code trustedCaPem} instead of the JVM's when given. */
  public static OkHttpClient trusting(OkHttpClient http, String trustedCaPem) {
    if (trustedCaPem == null) {
      return http;
    }
    OkHttpClient.Builder builder = http.newBuilder();
    TrustedAuthorities.trust(builder, trustedCaPem);
    return builder.build();
  }

  /**
   * Detects the API generation and connects.
   *
   * @param baseUrl the deployment's root, e.g. {@code http://127.0.0.1:28080} or
   *     {@code https://org.astronomer.run/d1a2b3c4}; a trailing {@code /api/v1} or {@code /api/v2} is dropped
   */
  public static AirflowClient connect(String baseUrl, AirflowAuth auth, RetryPolicy retry, OkHttpClient http) {
    return connect(baseUrl, auth, retry, http, Sleeper.REAL);
  }

  static AirflowClient connect(
      String baseUrl, AirflowAuth auth, RetryPolicy retry, OkHttpClient http, Sleeper sleeper) {
    JsonHttpClient anonymous = new JsonHttpClient(
        http, deploymentRoot(baseUrl), RequestAuth.NONE, retry, sleeper, new ObjectMapper());
    RequestAuth bearerOnly = auth instanceof AirflowAuth.BearerToken token
        ? () -> "Bearer " + token.token()
        : RequestAuth.NONE;
    AirflowVersion version = detectVersion(anonymous.withAuth(bearerOnly));
    RequestAuth requestAuth;
    if (auth instanceof AirflowAuth.UsernamePassword user) {
      requestAuth = version.api() == AirflowApiVersion.V2 ? new TokenExchange(anonymous, user) : basic(user);
    } else {
      requestAuth = bearerOnly;
    }
    return new AirflowClient(anonymous.withAuth(requestAuth), version);
  }

  private static HttpUrl deploymentRoot(String baseUrl) {
    String root = baseUrl.replaceAll("/+$", "").replaceAll("/api/v[12]$", "");
    return HttpUrl.get(root + "/");
  }

  private static AirflowVersion detectVersion(JsonHttpClient http) {
    try {
      return new AirflowVersion(http.get("/api/v2/version", NO_QUERY).path("version").asText(), AirflowApiVersion.V2);
    } catch (HttpApiException e) {
      if (e.reason() != HttpApiException.Reason.NOT_FOUND) {
        throw e;
      }
    }
    return new AirflowVersion(http.get("/api/v1/version", NO_QUERY).path("version").asText(), AirflowApiVersion.V1);
  }

  private static RequestAuth basic(AirflowAuth.UsernamePassword user) {
    String header = "Basic " + Base64.getEncoder().encodeToString((user.username() + ":" + user.password()).getBytes(UTF_8));
    return () -> header;
  }

  /** Airflow 3: a JWT from {@code POST /auth/token}, fetched on first use and again after a 401. */
  private static final class TokenExchange implements RequestAuth {
    private final JsonHttpClient anonymous;
    private final AirflowAuth.UsernamePassword user;
    private String token;

    TokenExchange(JsonHttpClient anonymous, AirflowAuth.UsernamePassword user) {
      this.anonymous = anonymous;
      this.user = user;
    }

    @Override
    public synchronized String authorizationHeader() {
      if (token == null) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", user.username());
        body.put("password", user.password());
        token = anonymous.call("POST", "/auth/token", NO_QUERY, body).path("access_token").asText();
      }
      return "Bearer " + token;
    }

    @Override
    public synchronized boolean renewAfterUnauthorized() {
      token = null;
      return true;
    }
  }

  /** The Airflow release and API generation detected at connect time. */
  public AirflowVersion version() {
    return version;
  }

  public AirflowApiVersion api() {
    return version.api();
  }

  /** The health of every component the deployment reports. */
  public AirflowHealth health() {
    String path = api() == AirflowApiVersion.V2 ? "/api/v2/monitor/health" : "/api/v1/health";
    Map<String, ComponentHealth> components = new LinkedHashMap<>();
    http.get(path, NO_QUERY).fields().forEachRemaining(component -> {
      JsonNode report = component.getValue();
      JsonNode status = report.path("status");
      // Each component names its heartbeat field after itself: latest_scheduler_heartbeat, ...
      Instant heartbeat = null;
      for (Iterator<String> names = report.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (name.endsWith("_heartbeat")) {
          heartbeat = instant(report.path(name));
        }
      }
      components.put(component.getKey(), new ComponentHealth(status.isTextual() ? status.asText() : null, heartbeat));
    });
    return new AirflowHealth(components);
  }

  /** Every DAG the deployment knows (Airflow 2: active ones), all pages. */
  public List<Dag> listDags() {
    return listAll("/dags", NO_QUERY, "dags", Integer.MAX_VALUE, this::dag);
  }

  /** The DAG, or empty when the deployment does not know it. */
  public Optional<Dag> findDag(String dagId) {
    return findOne(path("/dags/" + segment(dagId))).map(this::dag);
  }

  /** Pauses or unpauses a DAG and returns it as Airflow stored it. */
  public Dag setPaused(String dagId, boolean paused) {
    Map<String, List<String>> query = api() == AirflowApiVersion.V1 ? Map.of("update_mask", List.of("is_paused")) : NO_QUERY;
    return dag(http.call("PATCH", path("/dags/" + segment(dagId)), query, Map.of("is_paused", paused)));
  }

  /** Runs of one DAG matching the query. */
  public List<DagRun> listDagRuns(String dagId, DagRunQuery query) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    filters.put("order_by", List.of(query.order().orderBy(api())));
    if (!query.states().isEmpty()) {
      filters.put("state", query.states().stream().map(DagRunState::apiValue).sorted().toList());
    }
    if (query.logicalDateFrom() != null) {
      filters.put(api() == AirflowApiVersion.V2 ? "logical_date_gte" : "execution_date_gte", List.of(query.logicalDateFrom().toString()));
    }
    if (query.runTypes().isEmpty()) {
      return listAll("/dags/" + segment(dagId) + "/dagRuns", filters, "dag_runs", query.maxRuns(), this::dagRun);
    }
    if (api() == AirflowApiVersion.V2) {
      filters.put("run_type", query.runTypes().stream().sorted().toList());
      return listAll("/dags/" + segment(dagId) + "/dagRuns", filters, "dag_runs", query.maxRuns(), this::dagRun);
    }
    // Airflow 2 cannot filter by run type: filter the pages here.
    return listAll("/dags/" + segment(dagId) + "/dagRuns", filters, "dag_runs", Integer.MAX_VALUE, this::dagRun).stream()
        .filter(run -> query.runTypes().contains(run.runType()))
        .limit(query.maxRuns())
        .toList();
  }

  /** One run of a DAG, or empty when there is none with that id. */
  public Optional<DagRun> findDagRun(String dagId, String runId) {
    return findOne(path("/dags/" + segment(dagId) + "/dagRuns/" + segment(runId))).map(this::dagRun);
  }

  /**
   * Creates a manual run with this id, logical date and data interval (it stays queued while the DAG
   * is paused) and returns it.
   */
  public DagRun triggerDagRun(String dagId, String runId, Instant logicalDate, Instant intervalStart, Instant intervalEnd, String note) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dag_run_id", runId);
    body.put(api() == AirflowApiVersion.V2 ? "logical_date" : "execution_date", logicalDate.toString());
    body.put("data_interval_start", intervalStart.toString());
    body.put("data_interval_end", intervalEnd.toString());
    body.put("note", note);
    return dagRun(http.call("POST", path("/dags/" + segment(dagId) + "/dagRuns"), NO_QUERY, body));
  }

  /** Sets a run's state; {@code success} marks its unfinished task instances success without running them. */
  public DagRun setDagRunState(String dagId, String runId, DagRunState state) {
    Map<String, List<String>> query = api() == AirflowApiVersion.V1 ? Map.of("update_mask", List.of("state")) : NO_QUERY;
    return dagRun(http.call("PATCH", path("/dags/" + segment(dagId) + "/dagRuns/" + segment(runId)), query,
        Map.of("state", state.apiValue())));
  }

  /** The scheduler's view of a DAG's schedule, or empty when the deployment does not know the DAG. */
  public Optional<DagDetails> findDagDetails(String dagId) {
    return findOne(path("/dags/" + segment(dagId) + "/details")).map(node -> {
      boolean v2 = api() == AirflowApiVersion.V2;
      return new DagDetails(
          node.path("dag_id").asText(),
          node.path("is_paused").asBoolean(),
          v2 ? node.path("timetable_periodic").asBoolean() : !node.path("schedule_interval").isNull()
              && !node.path("schedule_interval").isMissingNode(),
          node.path("catchup").asBoolean(),
          instant(v2 ? node.path("next_dagrun_logical_date") : node.path("next_dagrun")),
          instant(node.path("next_dagrun_data_interval_start")),
          instant(node.path("next_dagrun_data_interval_end")),
          text(node.path("file_token")));
    });
  }

  /** Asks the dag-processor to parse a DAG file now instead of at its next rescan. */
  public void requestReparse(String fileToken) {
    http.call("PUT", path("/parseDagFile/" + segment(fileToken)), NO_QUERY, null);
  }

  /** DAG files that failed to parse. */
  public List<ImportError> importErrors() {
    return listAll("/importErrors", NO_QUERY, "import_errors", Integer.MAX_VALUE, node -> new ImportError(
        node.path("import_error_id").asLong(),
        node.path("filename").asText(),
        instant(node.path("timestamp")),
        node.path("stack_trace").asText()));
  }

  /** The provider packages installed, by package name, with their versions. */
  public Map<String, String> providers() {
    Map<String, String> providers = new java.util.TreeMap<>();
    listAll("/providers", NO_QUERY, "providers", Integer.MAX_VALUE, node -> node)
        .forEach(node -> providers.put(node.path("package_name").asText(), node.path("version").asText()));
    return providers;
  }

  /** The names of the plugins loaded. */
  public List<String> plugins() {
    return listAll("/plugins", NO_QUERY, "plugins", Integer.MAX_VALUE, node -> node.path("name").asText()).stream().sorted().toList();
  }

  /**
   * The operator class of each of a DAG's tasks, fully qualified ({@code module.Class}), distinct and
   * sorted; empty when the deployment has no parsed version of the DAG.
   */
  public List<String> operatorClasses(String dagId) {
    JsonNode tasks = findOne(path("/dags/" + segment(dagId) + "/tasks")).map(node -> node.path("tasks"))
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    java.util.SortedSet<String> classes = new java.util.TreeSet<>();
    tasks.forEach(task -> {
      JsonNode ref = task.path("class_ref");
      if (ref.path("module_path").isTextual() && ref.path("class_name").isTextual()) {
        classes.add(ref.path("module_path").asText() + "." + ref.path("class_name").asText());
      }
    });
    return List.copyOf(classes);
  }

  public List<Pool> listPools() {
    return listAll("/pools", NO_QUERY, "pools", Integer.MAX_VALUE, AirflowClient::pool);
  }

  public Pool createPool(Pool pool) {
    return pool(http.call("POST", path("/pools"), NO_QUERY, poolBody(pool, "name")));
  }

  /** Sets slots, description and include-deferred of an existing pool. */
  public Pool updatePool(Pool pool) {
    // Airflow 3's patch body spells the name "pool" (and requires it); Airflow 2's spells it "name".
    return pool(http.call("PATCH", path("/pools/" + segment(pool.name())), NO_QUERY,
        poolBody(pool, api() == AirflowApiVersion.V2 ? "pool" : "name")));
  }

  /** Creates or overwrites pools: one bulk call on Airflow 3, one call per pool on Airflow 2. */
  public BulkResult upsertPools(List<Pool> pools) {
    if (api() == AirflowApiVersion.V2) {
      return bulkOverwrite("/pools", pools.stream().map(pool -> poolBody(pool, "name")).toList());
    }
    return eachUpserted(pools, Pool::name, pool -> {
      try {
        updatePool(pool);
      } catch (HttpApiException e) {
        if (e.reason() != HttpApiException.Reason.NOT_FOUND) {
          throw e;
        }
        createPool(pool);
      }
    });
  }

  /** Every variable; Airflow 2 lists keys without values (see {@link #findVariable}). */
  public List<Variable> listVariables() {
    return listAll("/variables", NO_QUERY, "variables", Integer.MAX_VALUE, AirflowClient::variable);
  }

  public Optional<Variable> findVariable(String key) {
    return findOne(path("/variables/" + segment(key))).map(AirflowClient::variable);
  }

  /** Creates or overwrites variables: one bulk call on Airflow 3, one call per variable on Airflow 2. */
  public BulkResult setVariables(List<Variable> variables) {
    if (api() == AirflowApiVersion.V2) {
      return bulkOverwrite("/variables", variables.stream().map(AirflowClient::variableBody).toList());
    }
    return eachUpserted(variables, Variable::key, variable -> {
      String path = path("/variables/" + segment(variable.key()));
      try {
        http.call("PATCH", path, NO_QUERY, variableBody(variable));
      } catch (HttpApiException e) {
        if (e.reason() != HttpApiException.Reason.NOT_FOUND) {
          throw e;
        }
        http.call("POST", path("/variables"), NO_QUERY, variableBody(variable));
      }
    });
  }

  /** Every connection, passwords withheld by the API. */
  public List<Connection> listConnections() {
    return listAll("/connections", NO_QUERY, "connections", Integer.MAX_VALUE, AirflowClient::connection);
  }

  public Optional<Connection> findConnection(String connectionId) {
    return findOne(path("/connections/" + segment(connectionId))).map(AirflowClient::connection);
  }

  /**
   * Creates a connection.
   *
   * @param password the password to store, resolved from a secret reference; {@code null} for none
   */
  public Connection createConnection(Connection connection, String password) {
    return connection(http.call("POST", path("/connections"), NO_QUERY, connectionBody(connection, password)));
  }

  /**
   * Overwrites every field of an existing connection; the password only when one is given, so a
   * {@code null} password keeps the stored one.
   */
  public Connection updateConnection(Connection connection, String password) {
    return connection(http.call("PATCH", path("/connections/" + segment(connection.connectionId())), NO_QUERY,
        connectionBody(connection, password)));
  }

  /** Deletes a pool; one that does not exist is fine. */
  public void deletePool(String name) {
    delete("/pools/" + segment(name));
  }

  /** Deletes a variable; one that does not exist is fine. */
  public void deleteVariable(String key) {
    delete("/variables/" + segment(key));
  }

  /** Deletes a connection; one that does not exist is fine. */
  public void deleteConnection(String connectionId) {
    delete("/connections/" + segment(connectionId));
  }

  private void delete(String resource) {
    try {
      http.call("DELETE", path(resource), NO_QUERY, null);
    } catch (HttpApiException e) {
      if (e.reason() != HttpApiException.Reason.NOT_FOUND) {
        throw e;
      }
    }
  }

  private String path(String resource) {
    return api().prefix() + resource;
  }

  private Optional<JsonNode> findOne(String path) {
    try {
      return Optional.of(http.get(path, NO_QUERY));
    } catch (HttpApiException e) {
      if (e.reason() == HttpApiException.Reason.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Reads a collection page by page. Ends when {@code total_entries} is reached, or, where the API
   * gives no total, at the first short page; a server capping pages below our size is then still read
   * to the end, because the total decides.
   */
  private <T> List<T> listAll(
      String resource, Map<String, List<String>> filters, String itemsField, int maxItems, Function<JsonNode, T> mapper) {
    int pageSize = Math.min(api().pageSize(), maxItems);
    List<T> items = new ArrayList<>();
    while (items.size() < maxItems) {
      Map<String, List<String>> query = new LinkedHashMap<>(filters);
      query.put("limit", List.of(Integer.toString(pageSize)));
      query.put("offset", List.of(Integer.toString(items.size())));
      JsonNode page = http.get(path(resource), query);
      JsonNode pageItems = page.path(itemsField);
      if (!pageItems.isArray()) {
        // An empty list here would read as "the deployment has none" and mislead every later step.
        String endpoint = "GET " + path(resource);
        throw new HttpApiException(HttpApiException.Reason.UNEXPECTED, 200, endpoint,
            endpoint + " returned a page without its '" + itemsField + "' list", null);
      }
      for (JsonNode item : pageItems) {
        if (items.size() < maxItems) {
          items.add(mapper.apply(item));
        }
      }
      JsonNode total = page.path("total_entries");
      boolean lastPage = pageItems.isEmpty()
          || (total.isNumber() ? items.size() >= total.asLong() : pageItems.size() < pageSize);
      if (lastPage) {
        break;
      }
    }
    return items;
  }

  /** Airflow 3's bulk {@code PATCH}: create each entity, overwriting any that exists. */
  private BulkResult bulkOverwrite(String resource, List<Map<String, Object>> entities) {
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("action", "create");
    create.put("entities", entities);
    create.put("action_on_existence", "overwrite");
    JsonNode result = http.call("PATCH", path(resource), NO_QUERY, Map.of("actions", List.of(create))).path("create");
    List<String> succeeded = new ArrayList<>();
    result.path("success").forEach(key -> succeeded.add(key.asText()));
    List<String> failures = new ArrayList<>();
    result.path("errors").forEach(error -> failures.add(error.path("status_code").asText() + " " + error.path("error").asText()));
    return new BulkResult(succeeded, failures);
  }

  private interface Upsert<T> {
    void apply(T item);
  }

  /** Airflow 2 has no bulk endpoints: upsert item by item and collect what failed. */
  private static <T> BulkResult eachUpserted(List<T> items, Function<T, String> key, Upsert<T> upsert) {
    List<String> succeeded = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (T item : items) {
      try {
        upsert.apply(item);
        succeeded.add(key.apply(item));
      } catch (HttpApiException e) {
        failures.add(key.apply(item) + ": " + e.getMessage());
      }
    }
    return new BulkResult(succeeded, failures);
  }

  private Dag dag(JsonNode node) {
    List<String> tags = new ArrayList<>();
    node.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
    List<String> owners = new ArrayList<>();
    node.path("owners").forEach(owner -> owners.add(owner.asText()));
    boolean v2 = api() == AirflowApiVersion.V2;
    return new Dag(
        node.path("dag_id").asText(),
        node.path("is_paused").asBoolean(),
        v2 ? node.path("is_stale").asBoolean() : !node.path("is_active").asBoolean(true),
        v2 ? text(node.path("timetable_summary")) : v1Schedule(node),
        v2 ? text(node.path("relative_fileloc")) : text(node.path("fileloc")),
        owners,
        tags,
        node.path("max_active_runs").isNumber() ? node.path("max_active_runs").asInt() : null,
        node.path("has_import_errors").asBoolean(),
        instant(v2 ? node.path("next_dagrun_logical_date") : node.path("next_dagrun")));
  }

  /** Airflow 2 writes a schedule as {@code {"__type": "CronExpression", "value": "0 * * * *"}} or a delta. */
  private static String v1Schedule(JsonNode node) {
    JsonNode interval = node.path("schedule_interval");
    if (interval.path("value").isTextual()) {
      return interval.path("value").asText();
    }
    return text(node.path("timetable_description"));
  }

  private DagRun dagRun(JsonNode node) {
    JsonNode logicalDate = node.path("logical_date").isTextual() ? node.path("logical_date") : node.path("execution_date");
    return new DagRun(
        node.path("dag_id").asText(),
        node.path("dag_run_id").asText(),
        node.path("run_type").asText(),
        DagRunState.fromApi(node.path("state").asText()),
        instant(logicalDate),
        instant(node.path("data_interval_start")),
        instant(node.path("data_interval_end")),
        instant(node.path("start_date")),
        instant(node.path("end_date")));
  }

  private static Pool pool(JsonNode node) {
    return new Pool(
        node.path("name").asText(),
        node.path("slots").asInt(),
        text(node.path("description")),
        node.path("include_deferred").asBoolean(false));
  }

  private static Map<String, Object> poolBody(Pool pool, String nameField) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(nameField, pool.name());
    body.put("slots", pool.slots());
    body.put("description", pool.description());
    body.put("include_deferred", pool.includeDeferred());
    return body;
  }

  private static Variable variable(JsonNode node) {
    return new Variable(node.path("key").asText(), text(node.path("value")), text(node.path("description")));
  }

  private static Map<String, Object> variableBody(Variable variable) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key", variable.key());
    body.put("value", variable.value());
    body.put("description", variable.description());
    return body;
  }

  private static Connection connection(JsonNode node) {
    JsonNode password = node.path("password");
    Connection.PasswordState passwordState = password.isMissingNode()
        ? Connection.PasswordState.UNKNOWN
        : password.isNull() || password.asText().isEmpty() ? Connection.PasswordState.NOT_SET : Connection.PasswordState.SET;
    return new Connection(
        node.path("connection_id").asText(),
        node.path("conn_type").asText(),
        text(node.path("description")),
        text(node.path("host")),
        text(node.path("login")),
        text(node.path("schema")),
        node.path("port").isNumber() ? node.path("port").asInt() : null,
        text(node.path("extra")),
        passwordState);
  }

  private static Map<String, Object> connectionBody(Connection connection, String password) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("connection_id", connection.connectionId());
    body.put("conn_type", connection.connType());
    body.put("description", connection.description());
    body.put("host", connection.host());
    body.put("login", connection.login());
    body.put("schema", connection.schema());
    body.put("port", connection.port());
    body.put("extra", connection.extra());
    if (password != null) {
      body.put("password", password);
    }
    return body;
  }

  private static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? OffsetDateTime.parse(node.asText()).toInstant() : null;
  }
}
