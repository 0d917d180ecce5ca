package io.formsapi.auth;

import org.springframework.stereotype.Service;

/** What other features may ask about users. */
@Service
public class UserDirectory {

    private final Users users;

    UserDirectory(Users users) {
        this.users = users;
    }

    public boolean exists(String userId) {
        return users.byId(userId).isPresent();
    }
}
