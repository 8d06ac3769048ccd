# syntax=docker/dockerfile:1

# --- build: compile with the project's Maven wrapper and split the jar into layers ---
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
# Extracted as application.jar plus lib/ (Spring Boot's jarmode tools), in one folder per layer:
# a plain `java -jar` of the extracted jar is what class-data sharing needs.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
 && cp target/toggl-bff-*.jar application.jar \
 && java -Djarmode=tools -jar application.jar extract --layers --destination /layers

# --- run: a slim JRE 25, non-root, one layer per rate of change, an AOT cache from a training run ---
FROM eclipse-temurin:25-jre-alpine
RUN addgroup -S app && adduser -S -G app -h /app app \
 && mkdir -p /app/data && chown app:app /app/data
WORKDIR /app
COPY --from=build --chown=app:app /layers/dependencies/ ./
COPY --from=build --chown=app:app /layers/spring-boot-loader/ ./
COPY --from=build --chown=app:app /layers/snapshot-dependencies/ ./
COPY --from=build --chown=app:app /layers/application/ ./
# Training run: starts the application on the embedded default (an H2 database in a scratch
# folder, no network), stops once the context is refreshed, and leaves the AOT cache of the
# classes it loaded and linked (JEP 483/514/515). Every start then reads it instead of loading,
# parsing and linking those classes again; bench/run.sh measures the same method.
RUN java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
      -jar application.jar --bff.data-dir=/tmp/training --server.port=0 \
 && rm -rf /tmp/training && chown app:app app.aot
USER app
ENV SPRING_PROFILES_ACTIVE=prod \
    SPRING_THREADS_VIRTUAL_ENABLED=true \
    BFF_DATA_DIR=/app/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseContainerSupport"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "application.jar"]
